using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// A fully connected autoencoder (seed 000): x [N, 784] → z = encoder(x) [N, latent] → x′ = decoder(z) [N, 784].
/// The decoder mirrors the encoder's layer sizes; trained on the mean squared error.
/// </summary>
public sealed class MlpAutoencoder : Autoencoder
{
    /// <summary>The model kind recorded in checkpoints.</summary>
    public const string Kind = "mlp-autoencoder";

    public MlpAutoencoder(MlpAutoencoderConfig config)
        : base(Kind, BuildEncoder(config), BuildDecoder(config), config.LatentSize, config.InputSize, ImageLayout.Flat)
    {
        Config = config;
        RegisterComponents();
    }

    public MlpAutoencoderConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    /// <summary>InputSize → hidden sizes → LatentSize, ReLU between layers, no activation on the code.</summary>
    public static Sequential BuildEncoder(MlpAutoencoderConfig config)
    {
        config.Validate();
        return Networks.Mlp(Sizes(config));
    }

    /// <summary>The encoder's sizes in reverse, ReLU between layers, then the configured output activation.</summary>
    public static Sequential BuildDecoder(MlpAutoencoderConfig config)
    {
        config.Validate();
        var decoder = Networks.Mlp(Sizes(config).Reverse().ToArray());
        if (config.Output == OutputActivation.Sigmoid) decoder.append(nn.Sigmoid());
        return decoder;
    }

    private static int[] Sizes(MlpAutoencoderConfig config) =>
        new[] { config.InputSize }.Concat(config.HiddenSizes).Append(config.LatentSize).ToArray();
}
