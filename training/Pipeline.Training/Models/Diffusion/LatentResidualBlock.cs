using Pipeline.Export;
using TorchSharp.Modules;
using TorchSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// A pre-norm residual MLP block with the time embedding added inside:
/// out = h + Linear₂(SiLU(Linear₁(SiLU(LN(h))) + Linear_t(SiLU(temb)))). h: [N, W], temb: [N, W] → [N, W].
/// </summary>
public sealed class LatentResidualBlock : nn.Module<Tensor, Tensor, Tensor>, IOnnxExportModule
{
    private readonly LayerNorm norm;
    private readonly Linear linear1;
    [ComponentName(Name = "time")]
    private readonly Linear timeProjection;
    private readonly Linear linear2;
    private readonly SiLU silu = nn.SiLU();

    public LatentResidualBlock(long width) : base(nameof(LatentResidualBlock))
    {
        norm = nn.LayerNorm(width);
        linear1 = nn.Linear(width, width);
        timeProjection = nn.Linear(width, width);
        linear2 = nn.Linear(width, width);
        RegisterComponents();
    }

    public override Tensor forward(Tensor h, Tensor timeEmbedding)
    {
        var inner = linear1.call(silu.call(norm.call(h))) + timeProjection.call(silu.call(timeEmbedding));
        return h + linear2.call(silu.call(inner));
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var (h, timeEmbedding) = (inputs[0], inputs[1]);
        var inner = graph.Add(graph.Apply(linear1, graph.Apply(silu, graph.Apply(norm, h))), graph.Apply(timeProjection, graph.Apply(silu, timeEmbedding)));
        return [graph.Add(h, graph.Apply(linear2, graph.Apply(silu, inner)))];
    }
}
