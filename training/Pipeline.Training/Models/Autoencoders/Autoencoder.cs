using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// An autoencoder x → z = f(x) → x′ = g(z) (seed 000), trained by default on the mean squared error
/// ‖x − x′‖² per pixel (pixels in [0, 1]); subclasses add regularizers or corrupt the input. The encoder
/// f and decoder g are the "encoder" and "decoder" submodules; in the <see cref="ImageLayout.Flat"/>
/// layout they take and give [N, H·W] vectors, in <see cref="ImageLayout.Spatial"/> [N, 1, H, W] images.
/// </summary>
public abstract class Autoencoder : Module<Tensor, Tensor>, ITrainableModel, IExportableModel
{
    protected Autoencoder(Sequential encoder, Sequential decoder, int latentSize, int inputSize, ImageLayout layout)
    {
        Encoder = RegisterModule("encoder", encoder);
        Decoder = RegisterModule("decoder", decoder);
        LatentSize = latentSize;
        InputSize = inputSize;
        Layout = layout;
    }

    /// <summary>f: images → codes z [N, LatentSize].</summary>
    public Sequential Encoder { get; }

    /// <summary>g: codes → reconstructions.</summary>
    public Sequential Decoder { get; }

    /// <summary>Pixels per image (H·W, one channel).</summary>
    public int InputSize { get; }

    public ImageLayout Layout { get; }

    public abstract string ModelKind { get; }

    public abstract string ConfigJson { get; }

    public virtual PixelTransform TrainingPixels => PixelTransform.ZeroOne;

    public ExportFamily Family => ExportFamily.Autoencoder;

    public int LatentSize { get; }

    public int? ClassCount => null;

    /// <summary>z = f(x); x: [N, 1, H, W] (or [N, H·W] for the flat layout) → [N, LatentSize].</summary>
    public Tensor Encode(Tensor images)
    {
        using var input = Layout == ImageLayout.Flat ? images.Flatten(1) : images.Alias();
        return Encoder.Forward(input);
    }

    /// <summary>x′ = g(z): [N, H·W] in the flat layout, [N, 1, H, W] in the spatial one.</summary>
    public Tensor Decode(Tensor latent) => Decoder.Forward(latent);

    /// <summary>x′ = g(f(x)) in the layout of the decoder.</summary>
    public override Tensor Forward(Tensor input)
    {
        using var z = Encode(input);
        return Decode(z);
    }

    /// <summary>x′ = g(f(x)) in the shape of <paramref name="images"/>.</summary>
    public Tensor Reconstruct(Tensor images)
    {
        using var reconstruction = Forward(images);
        return reconstruction.Reshape(images.Shape);
    }

    /// <summary>The mean squared error ‖x − x′‖² / D over the batch (part "mse").</summary>
    public virtual LossTerms Loss(Batch batch, Generator noise) =>
        LossTerms.Single("mse", Functional.MseLoss(Reconstruct(batch.Images), batch.Images));

    /// <summary>Whether the decoder ends in a sigmoid, so its output already lies in [0, 1].</summary>
    public bool DecoderIsBounded => Decoder.Count > 0 && Decoder[Decoder.Count - 1] is Sigmoid;

    /// <summary>
    /// encoder: image [N, 1, H, W] → latent [N, LatentSize]; decoder: latent → image [N, 1, H, W].
    /// The package promises pixel intensities in [0, 1], so a decoder without a final sigmoid (seed 000's
    /// toy autoencoder) is exported followed by a clip to [0, 1] (in the graph and in the reference alike).
    /// The images must be square (784 = 28²).
    /// </summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks()
    {
        var side = (long)Math.Sqrt(InputSize);
        if (side * side != InputSize) throw new NotSupportedException($"an input of {InputSize} values is not a square image");
        var flat = Layout == ImageLayout.Flat;
        var flatten = new Flatten();
        var unflatten = new Unflatten(1, side, side);
        return new[]
        {
            new ExportableNetwork
            {
                Role = "encoder",
                Inputs = new[] { new NetworkInput("image", new[] { -1L, 1, side, side }) },
                Outputs = new[] { "latent" },
                Build = (graph, x) => new[] { graph.Apply(Encoder, flat ? flatten.ExportOnnx(graph, x[0]) : x[0], "encoder") },
                Reference = x => new[] { Encode(x[0]) },
            },
            new ExportableNetwork
            {
                Role = "decoder",
                Inputs = new[] { new NetworkInput("latent", new[] { -1L, LatentSize }) },
                Outputs = new[] { "image" },
                Build = (graph, z) =>
                {
                    var image = graph.Apply(Decoder, z[0], "decoder");
                    if (!DecoderIsBounded)
                        image = graph.Node("Clip", new[] { image, graph.Constant("clip_min", new[] { 0f }), graph.Constant("clip_max", new[] { 1f }) }, graph.ShapeOf(image));
                    return new[] { flat ? unflatten.ExportOnnx(graph, image) : image };
                },
                Reference = z =>
                {
                    using var decoded = Decode(z[0]);
                    using var image = decoded.Reshape(-1, 1, side, side);
                    return new[] { DecoderIsBounded ? image.Alias() : image.Clamp(0, 1) };
                },
            },
        };
    }
}
