using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Max pooling over [N, C, H, W]; the stride defaults to the kernel size.</summary>
public sealed class MaxPool2d : Module<Tensor, Tensor>, IOnnxExportable
{
    public MaxPool2d(Pair kernelSize, Pair? stride = null, Pair padding = default)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding;
    }

    public Pair KernelSize { get; }
    public Pair Stride { get; }
    public Pair Padding { get; }

    public override Tensor Forward(Tensor input) => Functional.MaxPool2d(input, KernelSize, Stride, Padding);

    public string ExportOnnx(OnnxGraph graph, string input) => Pooling.Export(graph, "MaxPool", input, KernelSize, Stride, Padding);
}
