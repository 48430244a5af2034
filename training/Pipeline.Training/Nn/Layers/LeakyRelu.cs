using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>x for x ≥ 0, slope·x otherwise.</summary>
public sealed class LeakyRelu : Module<Tensor, Tensor>, IOnnxExportable
{
    public LeakyRelu(double negativeSlope = 0.01) => NegativeSlope = negativeSlope;

    public double NegativeSlope { get; }

    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);

    public string ExportOnnx(OnnxGraph graph, string input) => graph.Elementwise("LeakyRelu", input, OnnxAttribute.Float("alpha", NegativeSlope));
}
