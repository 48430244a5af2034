using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Softmax along a dimension.</summary>
public sealed class Softmax : Module<Tensor, Tensor>, IOnnxExportable
{
    public Softmax(int dim) => Dim = dim;

    public int Dim { get; }

    public override Tensor Forward(Tensor input) => Functional.Softmax(input, Dim);

    public string ExportOnnx(OnnxGraph graph, string input) => graph.Elementwise("Softmax", input, OnnxAttribute.Int("axis", Dim));
}
