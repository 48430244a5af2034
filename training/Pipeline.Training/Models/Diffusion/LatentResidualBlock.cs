using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// A pre-norm residual MLP block with the time embedding added inside:
/// out = h + Linear₂(SiLU(Linear₁(SiLU(LN(h))) + Linear_t(SiLU(temb)))). h: [N, W], temb: [N, W] → [N, W].
/// </summary>
public sealed class LatentResidualBlock : Module
{
    private readonly LayerNorm norm;
    private readonly Linear linear1;
    private readonly Linear timeProjection;
    private readonly Linear linear2;

    public LatentResidualBlock(long width, Generator? generator)
    {
        norm = RegisterModule("norm", new LayerNorm(width));
        linear1 = RegisterModule("linear1", new Linear(width, width, generator: generator));
        timeProjection = RegisterModule("time", new Linear(width, width, generator: generator));
        linear2 = RegisterModule("linear2", new Linear(width, width, generator: generator));
    }

    public Tensor Forward(Tensor h, Tensor timeEmbedding)
    {
        using var scope = DisposeScope.Enter();
        var inner = linear1.Forward(norm.Forward(h).Silu()) + timeProjection.Forward(timeEmbedding.Silu());
        return (h + linear2.Forward(inner.Silu())).MoveToOuterScope();
    }

    public string ExportOnnx(OnnxGraph graph, string h, string timeEmbedding)
    {
        var inner = graph.Binary("Add",
            graph.Apply(linear1, Nn.Layers.Silu.Export(graph, graph.Apply(norm, h, "norm")), "linear1"),
            graph.Apply(timeProjection, Nn.Layers.Silu.Export(graph, timeEmbedding), "time"));
        return graph.Binary("Add", h, graph.Apply(linear2, Nn.Layers.Silu.Export(graph, inner), "linear2"));
    }
}
