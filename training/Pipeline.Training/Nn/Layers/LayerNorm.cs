using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Layer normalization over the trailing <see cref="NormalizedShape"/> dimensions.</summary>
public sealed class LayerNorm : Module<Tensor, Tensor>, IOnnxExportable
{
    public LayerNorm(long[] normalizedShape, double eps = 1e-5, bool affine = true)
    {
        NormalizedShape = normalizedShape;
        Eps = eps;
        Weight = affine ? RegisterParameter("weight", Torch.Ones(normalizedShape)) : null;
        Bias = affine ? RegisterParameter("bias", Torch.Zeros(normalizedShape)) : null;
    }

    public LayerNorm(long features, double eps = 1e-5, bool affine = true) : this(new[] { features }, eps, affine)
    {
    }

    public long[] NormalizedShape { get; }
    public double Eps { get; }
    public Tensor? Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Functional.LayerNorm(input, NormalizedShape, Weight, Bias, Eps);

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        using var ones = Torch.Ones(NormalizedShape);
        using var zeros = Torch.Zeros(NormalizedShape);
        return graph.Node("LayerNormalization", new[] { input, graph.Parameter("weight", Weight ?? ones), graph.Parameter("bias", Bias ?? zeros) },
            graph.ShapeOf(input), attributes: new[] { OnnxAttribute.Int("axis", -NormalizedShape.Length), OnnxAttribute.Float("epsilon", Eps) });
    }
}
