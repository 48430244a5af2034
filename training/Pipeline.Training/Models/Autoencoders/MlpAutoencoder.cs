using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// A fully connected autoencoder (seed 000): x [N, 784] → z = encoder(x) [N, latent] → x′ = decoder(z) [N, 784].
/// The decoder mirrors the encoder's layer sizes.
/// </summary>
public sealed class MlpAutoencoder : Module<Tensor, Tensor>, IExportableModel
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

    public ExportFamily Family => ExportFamily.Autoencoder;

    public int LatentSize => Config.LatentSize;

    public int? ClassCount => null;

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

    /// <summary>
    /// encoder: image [N, 1, 28, 28] → latent [N, LatentSize]; decoder: latent → image [N, 1, 28, 28].
    /// The input size must be a square image (784 = 28²).
    /// </summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks()
    {
        var side = (long)Math.Sqrt(Config.InputSize);
        if (side * side != Config.InputSize) throw new NotSupportedException($"an input of {Config.InputSize} values is not a square image");
        var flatten = new Flatten();
        var unflatten = new Unflatten(1, side, side);
        return new[]
        {
            new ExportableNetwork
            {
                Role = "encoder",
                Inputs = new[] { new NetworkInput("image", new[] { -1L, 1, side, side }) },
                Outputs = new[] { "latent" },
                Build = (graph, x) => new[] { graph.Apply(Encoder, flatten.ExportOnnx(graph, x[0]), "encoder") },
                Reference = x => new[] { Encode(x[0]) },
            },
            new ExportableNetwork
            {
                Role = "decoder",
                Inputs = new[] { new NetworkInput("latent", new[] { -1L, Config.LatentSize }) },
                Outputs = new[] { "image" },
                Build = (graph, z) => new[] { unflatten.ExportOnnx(graph, graph.Apply(Decoder, z[0], "decoder")) },
                Reference = z =>
                {
                    using var flat = Decode(z[0]);
                    return new[] { flat.Reshape(-1, 1, side, side) };
                },
            },
        };
    }
}
