using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>y = x·Wᵀ + b; x: [..., InFeatures] → [..., OutFeatures].</summary>
public sealed class Linear : Module<Tensor, Tensor>, IOnnxExportable
{
    public Linear(long inFeatures, long outFeatures, bool bias = true, Generator? generator = null)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Torch.Empty(new[] { outFeatures, inFeatures }));
        Bias = bias ? RegisterParameter("bias", Torch.Empty(new[] { outFeatures })) : null;
        Init.DefaultLayer(Weight, Bias, generator);
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }
    public Tensor Weight { get; }
    public Tensor? Bias { get; }

    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var shape = graph.ShapeOf(input);
        var output = shape[..^1].Append(OutFeatures).ToArray();
        var weight = graph.Parameter("weight", Weight);
        if (shape.Length == 2)
        {
            var inputs = Bias is null ? new[] { input, weight } : new[] { input, weight, graph.Parameter("bias", Bias) };
            return graph.Node("Gemm", inputs, output, attributes: OnnxAttribute.Int("transB", 1));
        }
        using var transposed = Weight.T.Contiguous();
        var product = graph.Node("MatMul", new[] { input, graph.Parameter("weight_t", transposed) }, output);
        return Bias is null ? product : graph.Binary("Add", product, graph.Parameter("bias", Bias));
    }
}
