using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>x for x > 0, α(eˣ − 1) otherwise.</summary>
public sealed class Elu : Module<Tensor, Tensor>, IOnnxExportable
{
    public Elu(double alpha = 1.0) => Alpha = alpha;

    public double Alpha { get; }

    public override Tensor Forward(Tensor input) => Functional.Elu(input, Alpha);

    public string ExportOnnx(OnnxGraph graph, string input) => graph.Elementwise("Elu", input, OnnxAttribute.Float("alpha", Alpha));
}
