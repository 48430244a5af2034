using Pipeline.Randomness;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Variational;

/// <summary>
/// A fully connected VAE (seeds 000 and 004): x [N, 784] → 128 → 64 → (μ, log σ²) [N, 16] each;
/// z [N, 16] → 64 → 128 → logits [N, 784] (ReLU between layers).
/// </summary>
public sealed class VaeMlp : VariationalAutoencoder
{
    public const string Kind = "vae-mlp";

    public VaeMlp(VaeMlpConfig config)
        : base(Kind, BuildEncoder(Validated(config).ImageSize * config.ImageSize, config.HiddenSizes), config.HiddenSizes[^1],
            BuildDecoder(config.LatentSize, config.HiddenSizes, config.ImageSize * config.ImageSize),
            config.LatentSize, config.ImageSize, ImageLayout.Flat, config.Likelihood, config.ObservationStd, classCount: null)
    {
        Config = config;
        RegisterComponents();
    }

    public VaeMlpConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>The trunk input → hidden sizes, ReLU after every layer (the heads follow).</summary>
    public static Sequential BuildEncoder(int inputSize, IReadOnlyList<int> hiddenSizes) =>
        Networks.Mlp(new[] { inputSize }.Concat(hiddenSizes).ToArray(), activateLast: true);

    /// <summary>input → hidden sizes in reverse → outputSize logits, ReLU between layers.</summary>
    public static Sequential BuildDecoder(int inputSize, IReadOnlyList<int> hiddenSizes, int outputSize) =>
        Networks.Mlp(new[] { inputSize }.Concat(hiddenSizes.Reverse()).Append(outputSize).ToArray());

    private static VaeMlpConfig Validated(VaeMlpConfig config)
    {
        config.Validate();
        return config;
    }
}
