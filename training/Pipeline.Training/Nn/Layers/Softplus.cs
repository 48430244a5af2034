using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>log(1 + e^(βx))/β (linear above the threshold).</summary>
public sealed class Softplus : Module<Tensor, Tensor>, IOnnxExportable
{
    public Softplus(double beta = 1, double threshold = 20)
    {
        Beta = beta;
        Threshold = threshold;
    }

    public double Beta { get; }
    public double Threshold { get; }

    public override Tensor Forward(Tensor input) => Functional.Softplus(input, Beta, Threshold);

    /// <summary>log(1 + e^(βx))/β; the linear branch above the threshold differs by under e^−threshold.</summary>
    public string ExportOnnx(OnnxGraph graph, string input)
    {
        if (Beta == 1) return graph.Elementwise("Softplus", input);
        var beta = graph.Constant("beta", new[] { (float)Beta });
        return graph.Binary("Div", graph.Elementwise("Softplus", graph.Binary("Mul", input, beta)), beta);
    }
}
