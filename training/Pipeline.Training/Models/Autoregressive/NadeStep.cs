using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// NADE's exported step, O(H) per pixel: state s = Σ_{j&lt;i−1} W_{:,j} x_j [N, H] and step [N, 3] = (previous position p,
/// its value x_p, position i) → the logits of xᵢ [N, 2] and the next state s' = s + W_{:,p} x_p (the seed's recursion,
/// a_i = c + s'). The first step passes s = 0 and x_p = 0.
/// </summary>
public sealed class NadeStep : nn.Module<Tensor, Tensor, (Tensor, Tensor)>, IOnnxExportModule
{
    private readonly Nade nade;

    public NadeStep(Nade nade) : base(nameof(NadeStep))
    {
        this.nade = nade;
        RegisterComponents();
    }

    public override (Tensor, Tensor) forward(Tensor state, Tensor step)
    {
        var (previous, value, position) = Columns(step);
        var next = state + nade.W.index_select(0, previous) * value.unsqueeze(1);        // s' = s + W_{:,p} x_p, [N, H]
        var h = (next + nade.C).sigmoid();                                                // hᵢ = σ(c + s'), [N, H]
        var logit = (h * nade.V.index_select(0, position)).sum(1) + nade.B.index_select(0, position);   // [N]
        return (stack([zeros_like(logit), logit], 1), next);
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) => graph.Within(nade, () =>
    {
        var (state, step) = (inputs[0], inputs[1]);
        OnnxValue Column(long k) => graph.Gather(step, graph.ConstantValue($"column_{k}", tensor(k)), 1);
        var (previous, value, position) = (graph.ToInt64(Column(0)), graph.Unsqueeze(Column(1), 1), graph.ToInt64(Column(2)));
        var next = graph.Add(state, graph.Mul(graph.Gather(graph.ParameterValue(nade.W), previous, 0), value));
        var h = graph.Unary("Sigmoid", graph.Add(next, graph.ParameterValue(nade.C)), sigmoid);
        var logit = graph.Add(graph.Sum(graph.Mul(h, graph.Gather(graph.ParameterValue(nade.V), position, 0)), 1),
                              graph.Gather(graph.ParameterValue(nade.B), position, 0));
        var column = graph.Unsqueeze(logit, 1);
        return new[] { graph.Concat(1, graph.Sub(column, column), column), next };
    });

    private static (Tensor Previous, Tensor Value, Tensor Position) Columns(Tensor step) =>
        (step.select(1, 0).to(ScalarType.Int64), step.select(1, 1), step.select(1, 2).to(ScalarType.Int64));
}
