using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>x·Φ(x), exact or with the tanh approximation.</summary>
public sealed class Gelu : Module<Tensor, Tensor>, IOnnxExportable
{
    public Gelu(bool tanhApproximation = false) => TanhApproximation = tanhApproximation;

    public bool TanhApproximation { get; }

    public override Tensor Forward(Tensor input) => input.Gelu(TanhApproximation);

    /// <summary>Opset 17 has no Gelu: 0.5·x·(1 + erf(x/√2)), or 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))).</summary>
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        string Scalar(string name, double value) => graph.Constant(name, new[] { (float)value });
        string inner;
        if (TanhApproximation)
        {
            var cube = graph.Binary("Mul", graph.Binary("Mul", input, input), input);
            var sum = graph.Binary("Add", input, graph.Binary("Mul", cube, Scalar("c", 0.044715)));
            inner = graph.Elementwise("Tanh", graph.Binary("Mul", sum, Scalar("k", Math.Sqrt(2 / Math.PI))));
        }
        else
        {
            inner = graph.Elementwise("Erf", graph.Binary("Mul", input, Scalar("inv_sqrt2", 1 / Math.Sqrt(2))));
        }
        var half = graph.Binary("Mul", input, Scalar("half", 0.5));
        return graph.Binary("Mul", half, graph.Binary("Add", inner, Scalar("one", 1)));
    }
}
