using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// PixelCNN's residual block (van den Oord et al. 2016, fig. 5): x + 1×1(2h → ... ) of
/// ReLU → 1×1 conv 2h→h → ReLU → masked 3×3 conv (type B) h→h [+ class bias] → ReLU → 1×1 conv h→2h.
/// Only the masked convolution looks at neighbours: its input (after the second ReLU) is what the incremental form caches.
/// </summary>
public sealed class PixelCnnBlock : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Conv2d down;
    private readonly MaskedConv2d masked;
    private readonly Linear? condition;
    private readonly Conv2d up;

    public PixelCnnBlock(int channels, int kernel, int classes) : base(nameof(PixelCnnBlock))
    {
        var h = channels / 2;
        down = nn.Conv2d(channels, h, 1);
        masked = new MaskedConv2d(MaskType.B, h, h, kernel);
        condition = classes > 0 ? nn.Linear(classes, h) : null;
        up = nn.Conv2d(h, channels, 1);
        RegisterComponents();
    }

    public MaskedConv2d Masked => masked;

    public override Tensor forward(Tensor x, Tensor? label)
    {
        var input = F.relu(down.call(F.relu(x)));                                      // the masked conv's input, [N, h, H, W]
        return x + up.call(F.relu(Conditioned(masked.call(input), label)));
    }

    /// <summary>
    /// The block at one pixel: x [N, 2h, 1, 1] there → (output [N, 2h, 1, 1], the masked conv's input there [N, h, 1, 1]).
    /// <paramref name="convolveAt"/> gives the masked convolution's output at the pixel [N, h, 1, 1] from that input: the
    /// neighbours it reads are the caller's (a cached patch, or the rows above and the pixels left).
    /// </summary>
    public (Tensor Output, Tensor Centre) Step(Tensor x, Func<Tensor, Tensor> convolveAt, Tensor? label)
    {
        var centre = F.relu(down.call(F.relu(x)));
        return (x + up.call(F.relu(Conditioned(convolveAt(centre), label))), centre);
    }

    /// <summary>The ONNX form of <see cref="forward"/>, within this block's scope.</summary>
    public OnnxValue ExportForward(OnnxGraphBuilder graph, OnnxValue x, OnnxValue? label)
    {
        var input = Relu(graph, graph.Apply(down, Relu(graph, x)));
        return graph.Add(x, graph.Apply(up, Relu(graph, ExportConditioned(graph, graph.Apply(masked, input), label))));
    }

    /// <summary>
    /// The ONNX form of <see cref="Step"/> on one pixel's rows, within this block's scope: x [N, 2h] → (output [N, 2h],
    /// centre [N, h]), every 1×1 layer a Gemm (<see cref="PixelGemm"/>); <paramref name="convolveAt"/> adds the masked
    /// convolution at the pixel [N, h] from the centre, within the convolution's scope.
    /// </summary>
    public (OnnxValue Output, OnnxValue Centre) ExportStep(OnnxGraphBuilder graph, OnnxValue x, Func<OnnxValue, OnnxValue> convolveAt, OnnxValue? label)
    {
        var centre = Relu(graph, PixelGemm.Pointwise(graph, down, Relu(graph, x)));                         // [N, h]
        var convolved = graph.Within(masked, () => convolveAt(centre));                                       // [N, h]
        return (graph.Add(x, PixelGemm.Pointwise(graph, up, Relu(graph, ExportConditioned(graph, convolved, label)))), centre);
    }

    private Tensor Conditioned(Tensor features, Tensor? label) =>
        condition is null || label is null ? features : features + condition.call(label).unsqueeze(-1).unsqueeze(-1);

    private OnnxValue ExportConditioned(OnnxGraphBuilder graph, OnnxValue features, OnnxValue? label) =>
        condition is null || label is null ? features
        : graph.Add(features, features.Rank == 2 ? graph.Apply(condition, label) : graph.Reshape(graph.Apply(condition, label), 0, -1, 1, 1));

    private static OnnxValue Relu(OnnxGraphBuilder graph, OnnxValue x) => graph.Unary("Relu", x, t => F.relu(t));
}
