using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// PixelCNN's masked k×k convolution, padding k/2 (same size out): its weight is multiplied by a fixed mask that keeps the
/// rows above the centre and, in the centre row, the taps left of it (type A) or up to it (type B), so the output at a
/// pixel depends only on the pixels before it in raster order; the gated PixelCNN's stacks use the vertical and
/// horizontal masks of <see cref="MaskType"/>.
/// </summary>
public sealed class MaskedConv2d : nn.Module<Tensor, Tensor>, IOnnxExportModule
{
    private readonly Parameter weight;     // [out, in, k, k]
    private readonly Parameter bias;       // [out]
    private readonly Tensor mask;          // [1, 1, k, k]

    public MaskedConv2d(MaskType type, long inputs, long outputs, int kernel) : base(nameof(MaskedConv2d))
    {
        if (kernel < 1 || kernel % 2 == 0) throw new ArgumentException($"a masked convolution needs an odd kernel size, got {kernel}");
        Type = type;
        Kernel = kernel;
        using (var layer = nn.Conv2d(inputs, outputs, kernel))
        {
            weight = new Parameter(layer.weight!.detach().clone());
            bias = new Parameter(layer.bias!.detach().clone());
        }
        mask = Mask(type, kernel);
        RegisterComponents();
    }

    public MaskType Type { get; }

    public int Kernel { get; }

    public long InputChannels => weight.shape[1];

    public long OutputChannels => weight.shape[0];

    /// <summary>The kept taps, 1 or 0, [1, 1, k, k].</summary>
    public Tensor KernelMask => mask;

    public override Tensor forward(Tensor x) => F.conv2d(x, weight * mask, bias, padding: [Kernel / 2, Kernel / 2]);

    /// <summary>The output at the centre of a k×k neighbourhood [N, in, k, k], [N, out, 1, 1]: the incremental form's step.</summary>
    public Tensor OnPatch(Tensor patch) => F.conv2d(patch, weight * mask, bias);

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) => [Convolve(graph, inputs[0], Kernel / 2, null)];

    /// <summary>
    /// The ONNX form of <see cref="OnPatch"/> on a neighbourhood's causal entries [N, R·in] (R = k/2·k + k/2 neighbours in
    /// raster order, each with its in channels), [N, out]: one Gemm with the masked kernel's columns in that order, an
    /// [out, R·in] matrix; the taps at and after the centre are left out. A type-B convolution's centre tap comes apart,
    /// <paramref name="centre"/> [N, in]: W[:, :, p, p]·centre is a second Gemm onto the first. ONNX Runtime runs such
    /// Gemms several times faster than a Conv on a k×k input. Call it within this module's scope (<see cref="OnnxGraphBuilder.Within{T}"/>).
    /// </summary>
    public OnnxValue ExportOnCausalPatch(OnnxGraphBuilder graph, OnnxValue patch, OnnxValue? centre)
    {
        using var masked = MaskedWeight();                                                        // [out, in, k, k]
        var (outputs, neighbours) = (masked.shape[0], CachedLayer.CausalNeighboursOf(Kernel));
        using var causal = masked.permute(0, 2, 3, 1).reshape(outputs, Kernel * Kernel, -1).narrow(1, 0, neighbours).reshape(outputs, -1);
        var neighbourhood = graph.Gemm(patch, graph.ConstantValue("weight_matrix", causal), graph.ParameterValue(bias));
        return ExportCentreOnto(graph, neighbourhood, centre);
    }

    /// <summary>
    /// The taps in the p = k/2 rows above the centre as a matrix, [out, p·k·in] in (row, column, channel) order: what
    /// <see cref="AboveRow"/> multiplies a pixel's p·k neighbours in those rows by, each with its in channels.
    /// </summary>
    public Tensor AboveMatrix()
    {
        using var masked = MaskedWeight();
        return masked.permute(0, 2, 3, 1).narrow(1, 0, Kernel / 2).reshape(masked.shape[0], -1);
    }

    /// <summary>The taps left of the centre in its row, [out, p·in] in (column, channel) order.</summary>
    public Tensor LeftMatrix()
    {
        using var masked = MaskedWeight();
        return masked.select(2, Kernel / 2).narrow(2, 0, Kernel / 2).permute(0, 2, 1).reshape(masked.shape[0], -1);
    }

    /// <summary>The centre tap, [out, in] (zero for a type-A convolution).</summary>
    public Tensor CentreMatrix()
    {
        using var masked = MaskedWeight();
        return masked.select(2, Kernel / 2).select(2, Kernel / 2).clone();
    }

    /// <summary>
    /// The part of the output at a pixel that the rows above it give, with the bias, [M, out]: b + W_above·t for the
    /// pixel's p·k neighbours in those rows, <paramref name="taps"/> [M, p·k·in] (row, column, channel). Row-wise, so one
    /// call computes it for every pixel of an image row (and every image), once the rows above are known.
    /// </summary>
    public Tensor AboveRow(Tensor taps)
    {
        using var matrix = AboveMatrix();
        return F.linear(taps, matrix, bias);
    }

    /// <summary>
    /// The output at a pixel from <see cref="AboveRow"/>'s <paramref name="above"/> [N, out], the p pixels left of it
    /// <paramref name="left"/> [N, p·in] (column, channel) and, for type B, the pixel's own input <paramref name="centre"/> [N, in].
    /// </summary>
    public Tensor AtPixel(Tensor above, Tensor left, Tensor? centre)
    {
        using var leftMatrix = LeftMatrix();
        var output = above + F.linear(left, leftMatrix);
        if (centre is null) return output;
        using var centreMatrix = CentreMatrix();
        return output + F.linear(centre, centreMatrix);
    }

    /// <summary>The ONNX form of <see cref="AboveRow"/>: one Gemm. Call it within this module's scope.</summary>
    public OnnxValue ExportAboveRow(OnnxGraphBuilder graph, OnnxValue taps)
    {
        using var matrix = AboveMatrix();
        return graph.Gemm(taps, graph.ConstantValue("above_matrix", matrix), graph.ParameterValue(bias));
    }

    /// <summary>
    /// The ONNX form of <see cref="AtPixel"/>: a Gemm of the left pixels onto <paramref name="above"/> (its C input), then,
    /// for type B, one of the centre onto that. Call it within this module's scope.
    /// </summary>
    public OnnxValue ExportAtPixel(OnnxGraphBuilder graph, OnnxValue above, OnnxValue left, OnnxValue? centre)
    {
        using var leftMatrix = LeftMatrix();
        return ExportCentreOnto(graph, graph.Gemm(left, graph.ConstantValue("left_matrix", leftMatrix), above), centre);
    }

    /// <summary>A type-B convolution's centre tap added onto <paramref name="output"/>: W[:, :, p, p]·centre as a Gemm with it as C (none for type A).</summary>
    private OnnxValue ExportCentreOnto(OnnxGraphBuilder graph, OnnxValue output, OnnxValue? centre)
    {
        if (centre is null) return output;
        using var centreMatrix = CentreMatrix();
        return graph.Gemm(centre, graph.ConstantValue("centre_weight", centreMatrix), output);
    }

    private OnnxValue Convolve(OnnxGraphBuilder graph, OnnxValue x, long padding, Tensor? example)
    {
        // The masked weight W ⊙ M is the initializer named by the weight's state-dict name (the mask itself is not exported).
        using var masked = MaskedWeight();
        return graph.Node("Conv", [x.Name, graph.Constant("weight", masked), graph.Parameter(bias)], example,
            OnnxNodeAttribute.Ints("kernel_shape", Kernel, Kernel),
            OnnxNodeAttribute.Ints("pads", padding, padding, padding, padding));
    }

    /// <summary>W ⊙ M, detached: the kernel the convolution applies, [out, in, k, k].</summary>
    private Tensor MaskedWeight() => (weight * mask).detach();

    private static Tensor Mask(MaskType type, int kernel)
    {
        var values = new float[kernel * kernel];
        var centre = kernel / 2;
        for (var r = 0; r < kernel; r++)
            for (var c = 0; c < kernel; c++)
                values[r * kernel + c] = Keeps(type, r - centre, c - centre) ? 1f : 0f;
        return tensor(values, new long[] { 1, 1, kernel, kernel });
    }

    /// <summary>Whether the tap <paramref name="row"/>, <paramref name="column"/> rows and columns from the centre is kept.</summary>
    private static bool Keeps(MaskType type, int row, int column) => type switch
    {
        MaskType.A => row < 0 || (row == 0 && column < 0),
        MaskType.B => row < 0 || (row == 0 && column <= 0),
        MaskType.VerticalA => row < 0,
        MaskType.Vertical => row <= 0,
        MaskType.HorizontalA => row == 0 && column < 0,
        MaskType.HorizontalB => row == 0 && column <= 0,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown mask type"),
    };
}
