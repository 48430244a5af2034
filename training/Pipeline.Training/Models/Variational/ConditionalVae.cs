using Pipeline.Randomness;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Variational;

/// <summary>
/// A conditional VAE (seed 001): encoder q(z | x, c) on [x, c] [N, 784 + C] → 128 → 64 → (μ, log σ²) [N, 16];
/// decoder p(x | z, c) on [z, c] [N, 16 + C] → 64 → 128 → logits [N, 784]; c is the one-hot class.
/// The ELBO is the conditional one, E_q log p(x | z, c) − KL(q(z | x, c) ‖ N(0, I)); generation picks c,
/// draws z ~ N(0, I) and decodes [z, c].
/// </summary>
public sealed class ConditionalVae : VariationalAutoencoder
{
    public const string Kind = "cvae";

    public ConditionalVae(ConditionalVaeConfig config)
        : base(Kind, VaeMlp.BuildEncoder(Validated(config).ImageSize * config.ImageSize + config.ClassCount, config.HiddenSizes),
            config.HiddenSizes[^1],
            VaeMlp.BuildDecoder(config.LatentSize + config.ClassCount, config.HiddenSizes, config.ImageSize * config.ImageSize),
            config.LatentSize, config.ImageSize, ImageLayout.Flat, config.Likelihood, config.ObservationStd, config.ClassCount)
    {
        Config = config;
        RegisterComponents();
    }

    public ConditionalVaeConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    private static ConditionalVaeConfig Validated(ConditionalVaeConfig config)
    {
        config.Validate();
        return config;
    }
}
