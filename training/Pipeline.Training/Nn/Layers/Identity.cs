using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Returns its input (a new handle to it).</summary>
public sealed class Identity : Module<Tensor, Tensor>, IOnnxExportable
{
    public override Tensor Forward(Tensor input) => input.Alias();

    public string ExportOnnx(OnnxGraph graph, string input) => graph.Elementwise("Identity", input);
}
