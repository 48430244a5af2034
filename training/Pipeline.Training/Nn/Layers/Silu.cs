using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>x·σ(x) (swish).</summary>
public sealed class Silu : Module<Tensor, Tensor>, IOnnxExportable
{
    public override Tensor Forward(Tensor input) => input.Silu();

    /// <summary>x·σ(x) as Mul(x, Sigmoid(x)) (opset 17 has no Silu).</summary>
    public string ExportOnnx(OnnxGraph graph, string input) => graph.Binary("Mul", input, graph.Elementwise("Sigmoid", input));
}
