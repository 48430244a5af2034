using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// One layer of the gated PixelCNN (van den Oord et al. 2016, "Conditional Image Generation with PixelCNN Decoders",
/// fig. 2), on two stacks of p channels. The vertical stack sees only the rows above the pixel (its first layer's
/// kernel stops one row above; later layers read their own row, which already sees only rows above); the horizontal
/// stack sees the pixels to the left in the row, and receives the vertical stack's pre-activation through a 1×1
/// convolution at the same pixel. Together they cover every earlier pixel: no blind spot. Each stack's output is the gate
/// tanh(W_f ∗ x + V_fᵀ c) ⊙ σ(W_g ∗ x + V_gᵀ c), with c the one-hot class; the horizontal stack adds a 1×1 convolution of
/// its gate to its input (a residual, from the second layer on).
/// </summary>
public sealed class GatedPixelCnnBlock : nn.Module<Tensor, Tensor, Tensor?, (Tensor, Tensor)>
{
    private readonly MaskedConv2d vertical;
    private readonly MaskedConv2d horizontal;
    private readonly Conv2d link;
    private readonly Conv2d output;
    private readonly Linear? conditionVertical;
    private readonly Linear? conditionHorizontal;
    private readonly bool residual;

    /// <param name="first">The first layer: it reads the image (1 channel), with the strict masks, and has no residual.</param>
    public GatedPixelCnnBlock(bool first, int channels, int kernel, int classes) : base(nameof(GatedPixelCnnBlock))
    {
        var inputs = first ? 1 : channels;
        Channels = channels;
        vertical = new MaskedConv2d(first ? MaskType.VerticalA : MaskType.Vertical, inputs, 2 * channels, kernel);
        horizontal = new MaskedConv2d(first ? MaskType.HorizontalA : MaskType.HorizontalB, inputs, 2 * channels, kernel);
        link = nn.Conv2d(2 * channels, 2 * channels, 1);
        output = nn.Conv2d(channels, channels, 1);
        conditionVertical = classes > 0 ? nn.Linear(classes, 2 * channels) : null;
        conditionHorizontal = classes > 0 ? nn.Linear(classes, 2 * channels) : null;
        residual = !first;
        RegisterComponents();
    }

    /// <summary>p: the channels of each stack.</summary>
    public int Channels { get; }

    public override (Tensor, Tensor) forward(Tensor v, Tensor h, Tensor? label)
    {
        var preVertical = Conditioned(vertical.call(v), conditionVertical, label);                          // [N, 2p, H, W]
        var preHorizontal = Conditioned(horizontal.call(h) + link.call(preVertical), conditionHorizontal, label);
        var update = output.call(Gate(preHorizontal));                                                      // [N, p, H, W]
        return (Gate(preVertical), residual ? h + update : update);
    }

    /// <summary>The ONNX form of <see cref="forward"/>, within this block's scope.</summary>
    public (OnnxValue Vertical, OnnxValue Horizontal) ExportForward(OnnxGraphBuilder graph, OnnxValue v, OnnxValue h, OnnxValue? label)
    {
        var preVertical = ExportConditioned(graph, graph.Apply(vertical, v), conditionVertical, label);
        var preHorizontal = ExportConditioned(graph, graph.Add(graph.Apply(horizontal, h), graph.Apply(link, preVertical)), conditionHorizontal, label);
        var update = graph.Apply(output, ExportGate(graph, preHorizontal));
        return (ExportGate(graph, preVertical), residual ? graph.Add(h, update) : update);
    }

    /// <summary>tanh of the first p channels times σ of the last p.</summary>
    private Tensor Gate(Tensor x) => x.narrow(1, 0, Channels).tanh() * x.narrow(1, Channels, Channels).sigmoid();

    private OnnxValue ExportGate(OnnxGraphBuilder graph, OnnxValue x)
    {
        OnnxValue Half(long start) => graph.Node("Slice", [x.Name, graph.Constant("starts", start), graph.Constant("ends", start + Channels), graph.Constant("axes", 1)],
                                                 x.RequireExample().narrow(1, start, Channels));
        return graph.Mul(graph.Unary("Tanh", Half(0), t => t.tanh()), graph.Unary("Sigmoid", Half(Channels), t => t.sigmoid()));
    }

    private static Tensor Conditioned(Tensor features, Linear? condition, Tensor? label) =>
        condition is null || label is null ? features : features + condition.call(label).unsqueeze(-1).unsqueeze(-1);

    private static OnnxValue ExportConditioned(OnnxGraphBuilder graph, OnnxValue features, Linear? condition, OnnxValue? label) =>
        condition is null || label is null ? features : graph.Add(features, graph.Reshape(graph.Apply(condition, label), 0, -1, 1, 1));
}
