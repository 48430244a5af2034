using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>max(x, 0).</summary>
public sealed class Relu : Module<Tensor, Tensor>, IOnnxExportable
{
    public override Tensor Forward(Tensor input) => input.Relu();

    public string ExportOnnx(OnnxGraph graph, string input) => graph.Elementwise("Relu", input);
}
