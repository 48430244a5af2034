using Pipeline.Data;
using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Quantized;

/// <summary>
/// VQ-VAE (seed 001 §4, seed 004; van den Oord et al. 2017): x [N, 1, 28, 28] → stride-2 convs and residual blocks →
/// z_e(x) [N, D, 7, 7] → nearest codes z_q(x) → the mirrored decoder → x̂ in [0, 1]. The loss is
/// L = ‖x − x̂‖² + ‖sg[z_e(x)] − e‖² + β‖z_e(x) − sg[e]‖² (the first term as the mean squared error per pixel, the VQ
/// terms as means per code dimension; the codebook term is left out when the codebook learns by EMA).
/// Sampling needs a prior over the codes: <see cref="VqVaePrior"/> learns it and exports the package.
/// </summary>
public sealed class VqVae : nn.Module, ITrainableModel, IExportableModel
{
    public const string Kind = "vqvae";

    private readonly Sequential encoder;
    private readonly VectorQuantizer quantizer;
    private readonly Sequential decoder;

    public VqVae(VqVaeConfig config) : base(Kind)
    {
        config.Validate();
        Config = config;
        encoder = Encoder(config);
        quantizer = new VectorQuantizer(config.Codes, config.Dimension, config.Ema, config.Decay, config.RestartDeadCodes, config.DeadThreshold);
        decoder = Decoder(config);
        RegisterComponents();
    }

    public VqVaeConfig Config { get; }

    public VectorQuantizer Quantizer => quantizer;

    public string ModelKind => Kind;

    public string ConfigJson => Config.ToJson();

    public PixelTransform TrainingPixels => PixelTransform.ZeroOne;

    public ExportFamily Family => ExportFamily.VectorQuantized;

    /// <summary>The decoder's input: D·h·w values.</summary>
    public int LatentSize => Config.Dimension * Config.GridSize * Config.GridSize;

    public int? ClassCount => null;

    /// <summary>z_e(x): [N, D, h, w].</summary>
    public Tensor Encode(Tensor images) => encoder.call(images);

    /// <summary>x̂ = D(z_q) in [0, 1]: [N, 1, 28, 28].</summary>
    public Tensor Decode(Tensor quantized) => decoder.call(quantized);

    /// <summary>The codes of images, int64 [N, h, w] (evaluation mode, no gradients).</summary>
    public Tensor Codes(Tensor images)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        return quantizer.NearestCodes(Encode(images)).MoveToOuterDisposeScope();
    }

    /// <summary>x̂ = D(e[codes]) for codes int64 [N, h, w].</summary>
    public Tensor DecodeCodes(Tensor codes) => Decode(quantizer.Lookup(codes).permute(0, 3, 1, 2));

    public LossTerms Loss(Batch batch, Generator noise)
    {
        var x = batch.Images;
        var quantization = quantizer.Quantize(Encode(x), noise);
        var reconstruction = F.mse_loss(Decode(quantization.Quantized), x);
        var commitment = Config.Beta * quantization.CommitmentLoss;
        var total = Config.Ema ? reconstruction + commitment : reconstruction + quantization.CodebookLoss + commitment;
        return new LossTerms(total,
        [
            ("mse", reconstruction.detach()), ("codebook", quantization.CodebookLoss.detach()), ("commitment", quantization.CommitmentLoss.detach()),
            ("perplexity", quantization.Perplexity().detach()), ("dead", tensor((float)quantizer.DeadCodes())),
        ]);
    }

    /// <summary>
    /// A VQ-VAE alone does not make a package: it has no distribution over its codes to sample from. Train the
    /// PixelCNN prior on its codes (<c>tools/pipeline train vqvae-prior --vqvae &lt;checkpoint&gt;</c>) and export that.
    /// </summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks() =>
        throw new NotSupportedException($"a {Kind} checkpoint has no prior over its codes to sample from: train one with tools/pipeline train vqvae-prior --vqvae <this checkpoint> [--conditional] and export that checkpoint");

    /// <summary>"encoder": image [N, 1, 28, 28] → latent z_e [N, D, h, w]; "decoder": latent z_q [N, D, h, w] → image in [0, 1].</summary>
    internal IReadOnlyList<ExportableNetwork> AutoencoderNetworks()
    {
        long[] latent = [-1, Config.Dimension, Config.GridSize, Config.GridSize];
        return
        [
            new ExportableNetwork { Role = "encoder", Inputs = [new NetworkInput("image", [-1, 1, Config.ImageSize, Config.ImageSize], InputValues.UnitInterval)], Outputs = ["latent"], Module = encoder },
            new ExportableNetwork { Role = "decoder", Inputs = [new NetworkInput("latent", latent)], Outputs = ["image"], Module = decoder },
        ];
    }

    private static Sequential Encoder(VqVaeConfig config)
    {
        var layers = nn.Sequential();
        var previous = 1;
        foreach (var c in config.Channels)
        {
            layers.append(nn.Conv2d(previous, c, 4, stride: 2, padding: 1)).append(nn.ReLU());
            previous = c;
        }
        for (var b = 0; b < config.ResidualBlocks; b++) layers.append(new VqResidualBlock(previous));
        return layers.append(nn.ReLU()).append(nn.Conv2d(previous, config.Dimension, 1));
    }

    private static Sequential Decoder(VqVaeConfig config)
    {
        var channels = config.Channels;
        var layers = nn.Sequential(nn.Conv2d(config.Dimension, channels[^1], 3, padding: 1));
        for (var b = 0; b < config.ResidualBlocks; b++) layers.append(new VqResidualBlock(channels[^1]));
        layers.append(nn.ReLU());
        for (var i = channels.Length - 1; i >= 0; i--)
        {
            layers.append(nn.ConvTranspose2d(channels[i], i == 0 ? 1 : channels[i - 1], 4, stride: 2, padding: 1));
            layers.append(i == 0 ? nn.Sigmoid() : nn.ReLU());
        }
        return layers;
    }
}
