using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// A MADE ensemble's exported likelihood: image [N, 1, H, W] (values 0/1) → log p(x) [N] of the mixture of its M masks,
/// logsumexp_m Σ_d (x_d l_md − softplus(l_md)) − log M. The masks are not stored: each is computed in the graph from its
/// degree vectors (m^l(k) ≥ m^(l−1)(k'), and m⁰(d) &gt; m^L(k) at the output), so the file holds the weights once.
/// </summary>
public sealed class MadeEnsembleNetwork : nn.Module<Tensor, Tensor>, IOnnxExportModule
{
    private readonly Made made;

    public MadeEnsembleNetwork(Made made) : base(nameof(MadeEnsembleNetwork))
    {
        this.made = made;
        RegisterComponents();
    }

    public override Tensor forward(Tensor image) => -made.NegativeLogLikelihood(image);

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) => graph.Within(made, () =>
    {
        var x = graph.Reshape(inputs[0], 0, made.Size);                                          // [N, D]
        var linears = made.Linears;
        var perMask = new List<OnnxValue>();
        for (var m = 0; m < made.Masks.Count; m++)
        {
            var degrees = made.Masks[m].Degrees;
            var h = x;
            for (var i = 0; i < linears.Count; i++)
            {
                var output = i + 1 == linears.Count;
                // Hidden layer i + 1 connects unit k to k' iff m^(i+1)(k) ≥ m^i(k'); the output d to k iff m⁰(d) > m^L(k).
                var (rows, columns) = (output ? degrees[0] : degrees[i + 1], degrees[i]);
                var input = h;
                h = graph.Within(made.Layers, () => graph.Within(linears[i], () => MaskedGemm(graph, input, linears[i], rows, columns, strict: output, m)));
                if (!output) h = graph.Unary("Relu", h, t => F.relu(t));
            }
            // Σ_d log Bernoulli(x_d; σ(l_d)) = Σ_d x_d l_d − softplus(l_d), [N]
            perMask.Add(graph.Unsqueeze(graph.Sum(graph.Sub(graph.Mul(x, h), graph.Unary("Softplus", h, t => F.softplus(t))), 1), 1));
        }
        var all = graph.Concat(1, perMask.ToArray());                                           // [N, M]
        var mixture = graph.Node("ReduceLogSumExp", [all.Name], all.RequireExample().logsumexp(1),
                                 OnnxNodeAttribute.Ints("axes", 1), OnnxNodeAttribute.Int("keepdims", 0));
        return new[] { graph.Sub(mixture, graph.ConstantValue("log_masks", tensor((float)Math.Log(made.Masks.Count)))) };
    });

    /// <summary>h (W ⊙ M)ᵀ + b with M[r, c] = rows[r] ≥ columns[c] (or &gt; when strict), M computed from the degrees.</summary>
    private static OnnxValue MaskedGemm(OnnxGraphBuilder graph, OnnxValue h, MaskedLinear layer, int[] rows, int[] columns, bool strict, int mask)
    {
        var r = graph.ConstantValue($"degrees_{mask}_out", tensor(rows.Select(d => (float)d).ToArray(), [rows.Length, 1]));
        var c = graph.ConstantValue($"degrees_{mask}_in", tensor(columns.Select(d => (float)d).ToArray(), [1, columns.Length]));
        var (re, ce) = (r.RequireExample(), c.RequireExample());
        var compared = graph.Node(strict ? "Greater" : "GreaterOrEqual", [r.Name, c.Name], strict ? re.gt(ce) : re.ge(ce));
        var connectivity = graph.Node("Cast", [compared.Name], compared.RequireExample().to(ScalarType.Float32),
                                      OnnxNodeAttribute.Int("to", (long)Pipeline.Onnx.Proto.TensorProto.Types.DataType.Float));
        var weight = graph.Mul(graph.ParameterValue(layer.Weight), connectivity);
        var product = graph.MatMul(h, graph.Transpose(weight, 1, 0));
        return graph.Add(product, graph.ParameterValue(layer.Bias));
    }
}
