using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>x·σ(x) (swish).</summary>
public sealed class Silu : Module<Tensor, Tensor>, IOnnxExportable
{
    public override Tensor Forward(Tensor input) => input.Silu();

    public string ExportOnnx(OnnxGraph graph, string input) => Export(graph, input);

    /// <summary>x·σ(x) as Mul(x, Sigmoid(x)) (opset 17 has no Silu); also for blocks that apply SiLU without a layer.</summary>
    public static string Export(OnnxGraph graph, string input) => graph.Binary("Mul", input, graph.Elementwise("Sigmoid", input));
}
