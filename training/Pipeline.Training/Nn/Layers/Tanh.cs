using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>tanh(x).</summary>
public sealed class Tanh : Module<Tensor, Tensor>, IOnnxExportable
{
    public override Tensor Forward(Tensor input) => input.Tanh();

    public string ExportOnnx(OnnxGraph graph, string input) => graph.Elementwise("Tanh", input);
}
