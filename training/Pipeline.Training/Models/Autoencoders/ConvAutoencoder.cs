using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// A convolutional autoencoder: x [N, 1, 28, 28] → Conv 1→32 s2 → Conv 32→64 s2 → Flatten → Linear → z [N, 16]
/// → Linear → Unflatten [N, 64, 7, 7] → ConvTranspose 64→32 s2 → ConvTranspose 32→1 s2 → Sigmoid → x′ [N, 1, 28, 28]
/// (ReLU between layers), trained on the mean squared error.
/// </summary>
public sealed class ConvAutoencoder : Autoencoder
{
    public const string Kind = "conv-autoencoder";

    public ConvAutoencoder(ConvAutoencoderConfig config)
        : base(Kind, BuildEncoder(config), BuildDecoder(config), config.LatentSize, config.ImageSize * config.ImageSize, ImageLayout.Spatial)
    {
        Config = config;
        RegisterComponents();
    }

    public ConvAutoencoderConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>The conv stack, then Linear to the code (no activation on z).</summary>
    public static Sequential BuildEncoder(ConvAutoencoderConfig config)
    {
        config.Validate();
        var (encoder, features) = Networks.ConvEncoder(config.ImageSize, config.Channels);
        return encoder.append(nn.Linear(features, config.LatentSize));
    }

    /// <summary>The mirrored transposed-conv stack, then a sigmoid for pixels in [0, 1].</summary>
    public static Sequential BuildDecoder(ConvAutoencoderConfig config)
    {
        config.Validate();
        return Networks.ConvDecoder(config.LatentSize, config.ImageSize, config.Channels).append(nn.Sigmoid());
    }
}
