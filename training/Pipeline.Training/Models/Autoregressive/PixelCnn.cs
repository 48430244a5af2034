using Pipeline.Export;
using Pipeline.Onnx;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// PixelCNN (van den Oord et al. 2016, "Pixel Recurrent Neural Networks"; seed 001, "PixelRNN/PixelCNN"): a 7×7 masked
/// convolution of type A, residual blocks around 3×3 masked convolutions of type B, then ReLU → 1×1 → ReLU → 1×1 to K
/// logits per pixel: a Bernoulli (K = 2) or the seed's 256-way softmax (K = 256). With classes, every block adds a
/// learned bias per class (the conditioning of the gated PixelCNN's h ↦ Vᵀh, without the gates). Values enter as one
/// intensity x / (K − 1), or one-hot for unordered categories (the codes of a VQ-VAE's prior).
/// Its incremental form caches every masked convolution's input and runs one pixel per step: the rows above a pixel once
/// per image row (<see cref="PixelCnnRows"/>), the rest per pixel (<see cref="PixelCnnRowStep"/>).
/// </summary>
public sealed class PixelCnn : AutoregressiveModel
{
    public const string Kind = "pixelcnn";

    private readonly MaskedConv2d first;
    private readonly ModuleList<PixelCnnBlock> blocks;
    private readonly Sequential head;

    public PixelCnn(PixelCnnConfig config) : base(Kind)
    {
        config.Validate();
        Config = config;
        first = new MaskedConv2d(MaskType.A, config.OneHotInput ? config.Categories : 1, config.Channels, config.FirstKernel);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Blocks).Select(_ => new PixelCnnBlock(config.Channels, config.Kernel, config.Classes)).ToArray());
        head = nn.Sequential(nn.ReLU(), nn.Conv2d(config.Channels, config.OutputChannels, 1), nn.ReLU(),
                             nn.Conv2d(config.OutputChannels, config.Categories, 1));
        RegisterComponents();
    }

    public PixelCnnConfig Config { get; }

    public override string ModelKind => Kind;

    public override string ConfigJson => Config.ToJson();

    public override int Categories => Config.Categories;

    public override int ImageSize => Config.ImageSize;

    public override int? ClassCount => Config.Classes > 0 ? Config.Classes : null;

    public override IncrementalForm Incremental => IncrementalForm.RowPixelCnn;

    public override bool OneHotInput => Config.OneHotInput;

    /// <summary>The image (1 channel, or K one-hot channels; first kernel), then each block's masked convolution input (h channels).</summary>
    public override IReadOnlyList<CachedLayer> CachedLayers =>
        blocks.Select(b => new CachedLayer((int)b.Masked.InputChannels, b.Masked.Kernel)).Prepend(new CachedLayer((int)first.InputChannels, Config.FirstKernel)).ToArray();

    /// <summary>The masked convolutions in the order of <see cref="CachedLayers"/>: the first, then each block's.</summary>
    internal IEnumerable<MaskedConv2d> MaskedConvolutions => blocks.Select(b => b.Masked).Prepend(first);

    internal MaskedConv2d First => first;
    internal ModuleList<PixelCnnBlock> Blocks => blocks;
    internal Sequential Head => head;

    public override Tensor Logits(Tensor x, Tensor? labels = null)
    {
        var h = first.call(FirstInput(x));                                           // [N, 2h, H, W]
        foreach (var block in blocks) h = block.call(h, labels);
        var logits = head.call(h);                                                   // [N, K, H, W]
        return logits.reshape(logits.shape[0], Categories, Size).transpose(1, 2);    // [N, D, K]
    }

    public override OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var label = inputs.Length > 1 ? inputs[1] : null;
        var h = graph.Apply(first, ExportFirstInput(graph, inputs[0]));
        foreach (var block in blocks) h = WithinBlock(graph, block, () => block.ExportForward(graph, h, label));
        var logits = graph.Reshape(graph.Apply(head, h), 0, Categories, Size);
        return [graph.Transpose(logits, 0, 2, 1)];
    }

    /// <summary>The first layer's input: x / (K − 1) [N, 1, H, W], or one-hot [N, K, H, W].</summary>
    internal Tensor FirstInput(Tensor x) =>
        Config.OneHotInput ? F.one_hot(x.squeeze(1).to(ScalarType.Int64), Categories).permute(0, 3, 1, 2).to(ScalarType.Float32) : Scaled(x);

    /// <summary>The ONNX form of <see cref="FirstInput"/>: one-hot as Cast(Equal(x, [0, 1, .., K − 1] along the channels)).</summary>
    internal OnnxValue ExportFirstInput(OnnxGraphBuilder graph, OnnxValue x)
    {
        if (!Config.OneHotInput) return ScaledInput(graph, x);
        using var categories = arange(Categories, dtype: ScalarType.Float32).reshape(1, Categories, 1, 1);
        var equal = graph.Node("Equal", [x.Name, graph.Constant("categories", categories)], x.RequireExample().eq(categories));
        return graph.Node("Cast", [equal.Name], FirstInput(x.RequireExample()), OnnxNodeAttribute.Int("to", (long)Pipeline.Onnx.Proto.TensorProto.Types.DataType.Float));
    }

    /// <summary>The first layer's input on a cached patch: one-hot patches are cached as they are, values are scaled.</summary>
    internal Tensor PatchInput(Tensor patch) => Config.OneHotInput ? patch : Scaled(patch);

    /// <summary>The ONNX form of <see cref="PatchInput"/>.</summary>
    internal OnnxValue ExportPatchInput(OnnxGraphBuilder graph, OnnxValue patch) => Config.OneHotInput ? patch : ScaledInput(graph, patch);

    /// <summary>The head at one pixel, h [N, 2h] → logits [N, K]: ReLU, 1×1, ReLU, 1×1 as Gemms (<see cref="PixelGemm"/>).</summary>
    internal OnnxValue ExportHeadAtPixel(OnnxGraphBuilder graph, OnnxValue h) => graph.Within(head, () =>
    {
        var (hidden, output) = (head.children().OfType<Conv2d>().First(), head.children().OfType<Conv2d>().Last());
        OnnxValue Relu(OnnxValue x) => graph.Unary("Relu", x, t => F.relu(t));
        return PixelGemm.Pointwise(graph, output, Relu(PixelGemm.Pointwise(graph, hidden, Relu(h))));
    });

    /// <summary>Runs <paramref name="build"/> in the scope of <paramref name="block"/> (an entry of the "blocks" list).</summary>
    internal T WithinBlock<T>(OnnxGraphBuilder graph, PixelCnnBlock block, Func<T> build) => graph.Within(blocks, () => graph.Within(block, build));

    /// <summary>Runs <paramref name="build"/> in the scope of <paramref name="convolution"/>, the first layer or a block's.</summary>
    internal T WithinConvolution<T>(OnnxGraphBuilder graph, MaskedConv2d convolution, Func<T> build) =>
        convolution == first ? graph.Within(first, build)
        : WithinBlock(graph, blocks.Single(b => b.Masked == convolution), () => graph.Within(convolution, build));

    /// <summary>An input holding cached layer <paramref name="layer"/>'s values: the grid's (values, or one-hot), or a block's (after a ReLU).</summary>
    internal NetworkInput CachedInput(string name, int layer)
    {
        var channels = CachedLayers[layer].Channels;
        if (layer > 0) return new NetworkInput(name, [-1, channels], InputValues.UnitInterval);
        return OneHotInput ? new NetworkInput(name, [-1, channels], InputValues.OneHot) : new NetworkInput(name, [-1, channels], InputValues.Index, Categories);
    }

    /// <summary>
    /// Where each cached layer's run of a network's flat inputs lies, from <paramref name="start"/> on: layer after layer,
    /// <paramref name="count"/> inputs each (the row form's taps or left pixels, <see cref="RowPixelCnnContract"/>).
    /// </summary>
    internal IEnumerable<Range> InputsPerLayer(int start, Func<CachedLayer, int> count)
    {
        foreach (var layer in CachedLayers)
        {
            yield return start..(start + count(layer));
            start += count(layer);
        }
    }

    /// <summary>
    /// The step network of <see cref="IncrementalForm.CausalPixelCnn"/>, which packages exported before the row form carry:
    /// `export --upgrade` rebuilds it to check that a package's weights were read back right.
    /// </summary>
    public ExportableNetwork CausalStepNetwork()
    {
        var patches = new NetworkInput("patches", [-1, CachedLayers.Sum(l => (long)l.PatchSize)]);
        return ClassCount is int classes
            ? new ExportableNetwork
            {
                Role = "step", Inputs = [patches, new NetworkInput("label", [-1, classes], InputValues.OneHot)], Outputs = ["logits", "centres"],
                Module = new PixelCnnStep(this),
            }
            : new ExportableNetwork { Role = "step", Inputs = [patches], Outputs = ["logits", "centres"], Module = new UnconditionalPixelCnnStep(new PixelCnnStep(this)) };
    }

    protected override IEnumerable<ExportableNetwork> ExtraNetworks() =>
    [
        new ExportableNetwork { Role = RowPixelCnnContract.Rows, Inputs = PixelCnnRows.Inputs(this).ToList(), Outputs = PixelCnnRows.Outputs(this).ToList(), Module = new PixelCnnRows(this) },
        new ExportableNetwork { Role = "step", Inputs = PixelCnnRowStep.Inputs(this).ToList(), Outputs = PixelCnnRowStep.Outputs(this).ToList(), Module = new PixelCnnRowStep(this) },
    ];
}
