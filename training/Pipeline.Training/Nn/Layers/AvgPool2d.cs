using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Average pooling over [N, C, H, W]; the stride defaults to the kernel size.</summary>
public sealed class AvgPool2d : Module<Tensor, Tensor>, IOnnxExportable
{
    public AvgPool2d(Pair kernelSize, Pair? stride = null, Pair padding = default)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
    }

    public Pair KernelSize { get; }
    public Pair Stride { get; }
    public Pair Padding { get; }

    public override Tensor Forward(Tensor input) => Functional.AvgPool2d(input, KernelSize, Stride, Padding);

    public string ExportOnnx(OnnxGraph graph, string input) =>
        Pooling.Export(graph, "AveragePool", input, KernelSize, Stride, Padding, OnnxAttribute.Int("count_include_pad", 1));
}
