using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// A convolutional autoencoder: x [N, 1, 28, 28] → Conv 1→32 s2 → Conv 32→64 s2 → Flatten → Linear → z [N, 16]
/// → Linear → Unflatten [N, 64, 7, 7] → ConvTranspose 64→32 s2 → ConvTranspose 32→1 s2 → Sigmoid → x′ [N, 1, 28, 28]
/// (ReLU between layers), trained on the mean squared error.
/// </summary>
public sealed class ConvAutoencoder : Autoencoder
{
    public const string Kind = "conv-autoencoder";

    public ConvAutoencoder(ConvAutoencoderConfig config, Generator? generator = null)
        : base(BuildEncoder(config, generator), BuildDecoder(config, generator), config.LatentSize, config.ImageSize * config.ImageSize, ImageLayout.Spatial) =>
        Config = config;

    public ConvAutoencoderConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>The conv stack, then Linear to the code (no activation on z).</summary>
    public static Sequential BuildEncoder(ConvAutoencoderConfig config, Generator? generator)
    {
        config.Validate();
        var (encoder, features) = Networks.ConvEncoder(config.ImageSize, config.Channels, generator);
        return encoder.Append(new Linear(features, config.LatentSize, generator: generator));
    }

    /// <summary>The mirrored transposed-conv stack, then a sigmoid for pixels in [0, 1].</summary>
    public static Sequential BuildDecoder(ConvAutoencoderConfig config, Generator? generator)
    {
        config.Validate();
        return Networks.ConvDecoder(config.LatentSize, config.ImageSize, config.Channels, generator).Append(new Sigmoid());
    }
}
