using Pipeline.Randomness;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Variational;

/// <summary>
/// A convolutional VAE: x [N, 1, 28, 28] → Conv 1→32 s2 → Conv 32→64 s2 → Flatten [N, 3136] → (μ, log σ²) [N, 16] each;
/// z → Linear → [N, 64, 7, 7] → ConvTranspose 64→32 s2 → ConvTranspose 32→1 s2 → logits [N, 1, 28, 28] (ReLU between layers).
/// </summary>
public sealed class VaeConv : VariationalAutoencoder
{
    public const string Kind = "vae-conv";

    public VaeConv(VaeConvConfig config)
        : this(config, Networks.ConvEncoder(Validated(config).ImageSize, config.Channels))
    {
    }

    private VaeConv(VaeConvConfig config, (Sequential Network, int Features) encoder)
        : base(Kind, encoder.Network, encoder.Features, Networks.ConvDecoder(config.LatentSize, config.ImageSize, config.Channels),
            config.LatentSize, config.ImageSize, ImageLayout.Spatial, config.Likelihood, config.ObservationStd, classCount: null)
    {
        Config = config;
        RegisterComponents();
    }

    public VaeConvConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    private static VaeConvConfig Validated(VaeConvConfig config)
    {
        config.Validate();
        return config;
    }
}
