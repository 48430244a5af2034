using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Models.Autoregressive;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Quantized;

/// <summary>
/// The VQ-VAE's prior (seed 001: "apprentissage d'un modèle autorégressif (PixelCNN) pour apprendre la distribution des z"):
/// a PixelCNN p(z) = ∏ᵢ p(zᵢ | z_&lt;i) over the grid of code indices of a frozen <see cref="VqVae"/>, class-conditional
/// or not, trained by maximum likelihood on the codes of the training images. The VQ-VAE is a registered submodule
/// with frozen parameters, kept in evaluation mode. Exported as a "vector_quantized" package: the VQ-VAE's "encoder" and
/// "decoder", its codebook, and the PixelCNN's "logits" and "step" networks over codes.
/// </summary>
public sealed class VqVaePrior : nn.Module, ITrainableModel, IExportableModel, IVectorQuantizedExport
{
    public const string Kind = "vqvae-prior";

    private readonly VqVae autoencoder;
    private readonly PixelCnn prior;

    public VqVaePrior(VqVaePriorConfig config) : base(Kind)
    {
        config.Validate();
        Config = config;
        autoencoder = new VqVae(config.Autoencoder);
        foreach (var parameter in autoencoder.parameters()) parameter.requires_grad = false;
        autoencoder.eval();   // and kept there by train() below
        prior = new PixelCnn(config.Prior);
        RegisterComponents();
    }

    public VqVaePriorConfig Config { get; }

    /// <summary>The frozen VQ-VAE whose codes the prior learns.</summary>
    public VqVae Autoencoder => autoencoder;

    /// <summary>The PixelCNN over the code grid (values: code indices, one-hot).</summary>
    public PixelCnn Prior => prior;

    public string ModelKind => Kind;

    public string ConfigJson => Config.ToJson();

    public PixelTransform TrainingPixels => PixelTransform.ZeroOne;

    public ExportFamily Family => ExportFamily.VectorQuantized;

    public int LatentSize => autoencoder.LatentSize;

    public int? ClassCount => prior.ClassCount;

    public int Codes => Config.Autoencoder.Codes;

    public int Dimension => Config.Autoencoder.Dimension;

    public long[] CodeGrid => [Config.Autoencoder.GridSize, Config.Autoencoder.GridSize];

    public float[] Codebook() => autoencoder.Quantizer.Codebook.detach().cpu().data<float>().ToArray();

    IAutoregressiveExport IVectorQuantizedExport.Prior => prior;

    /// <summary>The codes of images as the prior's values: code indices as floats, [N, 1, h, w].</summary>
    public Tensor CodeValues(Tensor images) => autoencoder.Codes(images).unsqueeze(1).to(ScalarType.Float32);

    /// <summary>−log p(z) of the batch's codes, in nats per grid (given each image's class when conditional).</summary>
    public LossTerms Loss(Batch batch, Generator noise) =>
        LossTerms.Single("nll", prior.NegativeLogLikelihood(CodeValues(batch.Images), prior.Condition(batch.Labels)).mean());

    public IReadOnlyList<ExportableNetwork> ExportNetworks() => [.. autoencoder.AutoencoderNetworks(), .. prior.ExportNetworks()];

    /// <summary>Training mode for the prior only: the frozen VQ-VAE stays in evaluation mode.</summary>
    public override void train(bool on = true)
    {
        base.train(on);
        autoencoder.eval();
    }
}
