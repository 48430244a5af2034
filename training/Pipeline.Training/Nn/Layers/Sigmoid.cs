using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>σ(x) = 1/(1 + e^−x).</summary>
public sealed class Sigmoid : Module<Tensor, Tensor>, IOnnxExportable
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();

    public string ExportOnnx(OnnxGraph graph, string input) => graph.Elementwise("Sigmoid", input);
}
