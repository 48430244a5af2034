using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// A fully connected autoencoder (seed 000): x [N, 784] → z = encoder(x) [N, latent] → x′ = decoder(z) [N, 784].
/// The decoder mirrors the encoder's layer sizes; trained on the mean squared error.
/// </summary>
public sealed class MlpAutoencoder : Autoencoder
{
    /// <summary>The model kind recorded in checkpoints.</summary>
    public const string Kind = "mlp-autoencoder";

    public MlpAutoencoder(MlpAutoencoderConfig config, Generator? generator = null)
        : base(BuildEncoder(config, generator), BuildDecoder(config, generator), config.LatentSize, config.InputSize, ImageLayout.Flat) =>
        Config = config;

    public MlpAutoencoderConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>InputSize → hidden sizes → LatentSize, ReLU between layers, no activation on the code.</summary>
    public static Sequential BuildEncoder(MlpAutoencoderConfig config, Generator? generator)
    {
        config.Validate();
        return Networks.Mlp(Sizes(config), generator);
    }

    /// <summary>The encoder's sizes in reverse, ReLU between layers, then the configured output activation.</summary>
    public static Sequential BuildDecoder(MlpAutoencoderConfig config, Generator? generator)
    {
        config.Validate();
        var decoder = Networks.Mlp(Sizes(config).Reverse().ToArray(), generator);
        if (config.Output == OutputActivation.Sigmoid) decoder.Append(new Sigmoid());
        return decoder;
    }

    private static int[] Sizes(MlpAutoencoderConfig config) =>
        new[] { config.InputSize }.Concat(config.HiddenSizes).Append(config.LatentSize).ToArray();
}
