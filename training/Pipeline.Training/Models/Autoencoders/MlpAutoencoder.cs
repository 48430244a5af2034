using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// A fully connected autoencoder (seed 000): x [N, 784] → z = encoder(x) [N, latent] → x′ = decoder(z) [N, 784].
/// The decoder mirrors the encoder's layer sizes.
/// </summary>
public sealed class MlpAutoencoder : Module<Tensor, Tensor>
{
    /// <summary>The model kind recorded in checkpoints.</summary>
    public const string Kind = "mlp-autoencoder";

    public MlpAutoencoder(MlpAutoencoderConfig config, Generator? generator = null)
    {
        config.Validate();
        Config = config;
        var sizes = new[] { config.InputSize }.Concat(config.HiddenSizes).Append(config.LatentSize).ToArray();
        Encoder = RegisterModule("encoder", Stack(sizes, OutputActivation.None, generator));
        Decoder = RegisterModule("decoder", Stack(sizes.Reverse().ToArray(), config.Output, generator));
    }

    public MlpAutoencoderConfig Config { get; }

    public Sequential Encoder { get; }

    public Sequential Decoder { get; }

    /// <summary>Linear layers between consecutive sizes, with ReLU between them.</summary>
    private static Sequential Stack(int[] sizes, OutputActivation last, Generator? generator)
    {
        var layers = new Sequential();
        for (var i = 0; i + 1 < sizes.Length; i++)
        {
            layers.Append(new Linear(sizes[i], sizes[i + 1], generator: generator));
            if (i + 2 < sizes.Length) layers.Append(new Relu());
        }
        if (last == OutputActivation.Sigmoid) layers.Append(new Sigmoid());
        return layers;
    }

    /// <summary>z = encoder(x); x: [N, InputSize] (or [N, 1, H, W], flattened).</summary>
    public Tensor Encode(Tensor x)
    {
        using var flat = x.Flatten(1);
        return Encoder.Forward(flat);
    }

    public Tensor Decode(Tensor z) => Decoder.Forward(z);

    /// <summary>The reconstruction x′ = decoder(encoder(x)), [N, InputSize].</summary>
    public override Tensor Forward(Tensor input)
    {
        using var z = Encode(input);
        return Decode(z);
    }
}
