using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Export.Networks;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// An autoencoder x → z = f(x) → x′ = g(z) (seed 000), trained by default on the mean squared error
/// ‖x − x′‖² per pixel (pixels in [0, 1]); subclasses add regularizers or corrupt the input. The encoder
/// f and decoder g are the "encoder" and "decoder" submodules; in the <see cref="ImageLayout.Flat"/>
/// layout they take and give [N, H·W] vectors, in <see cref="ImageLayout.Spatial"/> [N, 1, H, W] images.
/// Each concrete model calls <c>RegisterComponents()</c> once its own fields are set.
/// </summary>
public abstract class Autoencoder : nn.Module<Tensor, Tensor>, ITrainableModel, IExportableModel
{
    private readonly Sequential encoder;
    private readonly Sequential decoder;

    protected Autoencoder(string name, Sequential encoder, Sequential decoder, int latentSize, int inputSize, ImageLayout layout) : base(name)
    {
        this.encoder = encoder;
        this.decoder = decoder;
        LatentSize = latentSize;
        InputSize = inputSize;
        Layout = layout;
    }

    /// <summary>f: images → codes z [N, LatentSize].</summary>
    public Sequential Encoder => encoder;

    /// <summary>g: codes → reconstructions.</summary>
    public Sequential Decoder => decoder;

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
    public Tensor Encode(Tensor images) => encoder.call(Layout == ImageLayout.Flat ? images.flatten(1) : images);

    /// <summary>x′ = g(z): [N, H·W] in the flat layout, [N, 1, H, W] in the spatial one.</summary>
    public Tensor Decode(Tensor latent) => decoder.call(latent);

    /// <summary>x′ = g(f(x)) in the layout of the decoder.</summary>
    public override Tensor forward(Tensor input) => Decode(Encode(input));

    /// <summary>x′ = g(f(x)) in the shape of <paramref name="images"/>.</summary>
    public Tensor Reconstruct(Tensor images) => forward(images).reshape(images.shape);

    /// <summary>The mean squared error ‖x − x′‖² / D over the batch (part "mse").</summary>
    public virtual LossTerms Loss(Batch batch, Generator noise) =>
        LossTerms.Single("mse", F.mse_loss(Reconstruct(batch.Images), batch.Images));

    /// <summary>Whether the decoder ends in a sigmoid, so its output already lies in [0, 1].</summary>
    public bool DecoderIsBounded => decoder.Count > 0 && decoder[decoder.Count - 1] is Sigmoid;

    /// <summary>
    /// encoder: image [N, 1, H, W] → latent [N, LatentSize]; decoder: latent → image [N, 1, H, W].
    /// The package promises pixel intensities in [0, 1], so a decoder without a final sigmoid (seed 000's
    /// toy autoencoder) is exported followed by a clamp to [0, 1]. The images must be square (784 = 28²).
    /// Both are plain Sequentials of the model's own layers, exported by the built-in rules.
    /// </summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks()
    {
        var side = (long)Math.Sqrt(InputSize);
        if (side * side != InputSize) throw new NotSupportedException($"an input of {InputSize} values is not a square image");
        var flat = Layout == ImageLayout.Flat;
        var encoderNetwork = flat
            ? nn.Sequential(("flatten", (nn.Module<Tensor, Tensor>)nn.Flatten()), ("encoder", encoder))
            : nn.Sequential(("encoder", (nn.Module<Tensor, Tensor>)encoder));
        var decoderNetwork = nn.Sequential(("decoder", (nn.Module<Tensor, Tensor>)decoder));
        if (!DecoderIsBounded) decoderNetwork.append("clamp", new UnitClamp());
        if (flat) decoderNetwork.append("unflatten", nn.Unflatten(1, [1, side, side]));
        return
        [
            new ExportableNetwork
            {
                Role = "encoder",
                Inputs = [new NetworkInput("image", [-1L, 1, side, side], InputValues.UnitInterval)],
                Outputs = ["latent"],
                Module = encoderNetwork,
            },
            new ExportableNetwork
            {
                Role = "decoder",
                Inputs = [new NetworkInput("latent", [-1L, LatentSize])],
                Outputs = ["image"],
                Module = decoderNetwork,
            },
        ];
    }
}
