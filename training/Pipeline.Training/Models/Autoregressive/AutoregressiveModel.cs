using Pipeline.Data;
using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// What every autoregressive model shares (seed 001, §3): p(x) = ∏ᵢ p(x_{o(i)} | x_{o(&lt;i)}) over a grid of positions,
/// each conditional a categorical over K values given by <see cref="Logits"/>. Images enter as category values stored
/// as floats, [N, 1, H, W] in 0..K−1 (0/1 for binarized pixels), and the exact negative log-likelihood is the loss.
/// Exported as an "autoregressive" package: a "logits" network x [, label] → [N, D, K], and optionally a step network.
/// </summary>
public abstract class AutoregressiveModel : nn.Module, ITrainableModel, IExportableModel, IAutoregressiveExport, IOnnxExportModule
{
    protected AutoregressiveModel(string name) : base(name)
    {
    }

    public abstract string ModelKind { get; }

    public abstract string ConfigJson { get; }

    /// <inheritdoc />
    public abstract int Categories { get; }

    /// <summary>Side of the square one-channel images.</summary>
    public abstract int ImageSize { get; }

    /// <summary>D: the number of positions.</summary>
    public int Size => ImageSize * ImageSize;

    public long[] GridShape => [1, ImageSize, ImageSize];

    /// <inheritdoc />
    public virtual IReadOnlyList<int> Order => AutoregressiveMasks.Natural(Size);

    public virtual IncrementalForm Incremental => IncrementalForm.None;

    public virtual int StateSize => 0;

    public virtual bool OneHotInput => false;

    int IAutoregressiveExport.Masks => this is Made made ? made.Masks.Count : 1;

    public virtual IReadOnlyList<CachedLayer> CachedLayers => Array.Empty<CachedLayer>();

    /// <summary>Binarized models train on fresh Bernoulli draws of each image; 8-bit ones on the pixel values.</summary>
    public PixelTransform TrainingPixels => Categories == 2 ? PixelTransform.DynamicBinarization : PixelTransform.ZeroOne;

    public ExportFamily Family => ExportFamily.Autoregressive;

    public int LatentSize => 0;

    public virtual int? ClassCount => null;

    /// <summary>
    /// The logits of every conditional, [N, D, K], position d in raster order: row d depends only on the values before d in
    /// <see cref="Order"/> (and on <paramref name="labels"/>, one-hot [N, classes], for a class-conditional model).
    /// </summary>
    /// <param name="x">Category values [N, 1, H, W].</param>
    public abstract Tensor Logits(Tensor x, Tensor? labels = null);

    /// <summary>The loader's pixels as category values: binarized pixels as they are, [0, 1] intensities × (K − 1), rounded.</summary>
    public Tensor Values(Tensor images) => Categories == 2 ? images : (images * (Categories - 1)).round();

    /// <summary>One-hot labels [N, classes] for a class-conditional model, null otherwise.</summary>
    public Tensor? Condition(Tensor labels) =>
        ClassCount is int classes ? F.one_hot(labels, classes).to(ScalarType.Float32) : null;

    /// <summary>The exact −log p(x) in nats per image, [N] (a mask ensemble's is that of its mixture).</summary>
    public virtual Tensor NegativeLogLikelihood(Tensor x, Tensor? labels = null) => CrossEntropy(Logits(x, labels), x);

    /// <summary>The mean −log p(x) of the batch, in nats per image.</summary>
    public virtual LossTerms Loss(Batch batch, Generator noise) =>
        LossTerms.Single("nll", NegativeLogLikelihood(Values(batch.Images), Condition(batch.Labels)).mean());

    /// <summary>Σ over positions of the categorical cross-entropy of <paramref name="logits"/> [N, D, K] at the values x: [N].</summary>
    protected Tensor CrossEntropy(Tensor logits, Tensor x)
    {
        var n = logits.shape[0];
        var targets = x.reshape(n * Size).to(ScalarType.Int64);                  // [N·D]
        return F.cross_entropy(logits.reshape(n * Size, Categories), targets, reduction: nn.Reduction.None).reshape(n, Size).sum(1);
    }

    /// <summary>Inputs scaled to [0, 1]: x / (K − 1).</summary>
    protected internal Tensor Scaled(Tensor x) => Categories == 2 ? x : x / (Categories - 1);

    /// <summary>The ONNX form of <see cref="Scaled"/> (binarized inputs pass as they are).</summary>
    protected internal OnnxValue ScaledInput(OnnxGraphBuilder graph, OnnxValue x) =>
        Categories == 2 ? x : graph.Mul(x, graph.ConstantValue("scale", tensor(1f / (Categories - 1))));

    /// <summary>Bernoulli logits l [N, D] as categorical logits [N, D, 2]: (0, l), so softmax gives p(1) = σ(l).</summary>
    protected static Tensor BernoulliLogits(Tensor logit) => stack([zeros_like(logit), logit], 2);

    /// <summary>The ONNX form of <see cref="BernoulliLogits"/>.</summary>
    protected static OnnxValue BernoulliLogits(OnnxGraphBuilder graph, OnnxValue logit)
    {
        var column = graph.Unsqueeze(logit, 2);
        return graph.Concat(2, graph.Sub(column, column), column);
    }

    /// <summary>The "logits" network: image [N, 1, H, W] (+ label [N, classes]) → logits [N, D, K].</summary>
    public abstract OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs);

    /// <summary>Further networks: the step network of models with an <see cref="Incremental"/> form, a mask ensemble's likelihood.</summary>
    protected virtual IEnumerable<ExportableNetwork> ExtraNetworks() => [];

    public IReadOnlyList<ExportableNetwork> ExportNetworks()
    {
        // One-hot models compare their inputs with the category values: their examples must be such values.
        var image = OneHotInput
            ? new NetworkInput("image", [-1, 1, ImageSize, ImageSize], InputValues.Index, Categories)
            : new NetworkInput("image", [-1, 1, ImageSize, ImageSize], InputValues.UnitInterval);
        var networks = new List<ExportableNetwork>
        {
            ClassCount is int classes
                ? new ExportableNetwork
                {
                    Role = "logits", Inputs = [image, new NetworkInput("label", [-1, classes], InputValues.OneHot)], Outputs = ["logits"],
                    Module = new ConditionalLogitsNetwork(this),
                }
                : new ExportableNetwork { Role = "logits", Inputs = [image], Outputs = ["logits"], Module = new LogitsNetwork(this) },
        };
        networks.AddRange(ExtraNetworks());
        return networks;
    }
}
