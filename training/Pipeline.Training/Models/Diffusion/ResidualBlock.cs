using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// The U-Net's residual block (Ho et al. 2020, as in Wide ResNet with GroupNorm):
/// h = Conv(SiLU(GN(x))) + Linear(SiLU(temb)); h = Conv(Dropout(SiLU(GN(h)))); out = h + skip(x).
/// x: [N, In, H, W], temb: [N, TimeDim] → [N, Out, H, W].
/// </summary>
public sealed class ResidualBlock : Module
{
    private readonly GroupNorm norm1;
    private readonly Conv2d conv1;
    private readonly Linear timeProjection;
    private readonly GroupNorm norm2;
    private readonly Dropout dropout;
    private readonly Conv2d conv2;
    private readonly Conv2d? skip;

    public ResidualBlock(long inChannels, long outChannels, long timeDim, long groups, double dropout, Generator? generator)
    {
        OutChannels = outChannels;
        norm1 = RegisterModule("norm1", new GroupNorm(groups, inChannels));
        conv1 = RegisterModule("conv1", new Conv2d(inChannels, outChannels, 3, padding: 1, generator: generator));
        timeProjection = RegisterModule("time", new Linear(timeDim, outChannels, generator: generator));
        norm2 = RegisterModule("norm2", new GroupNorm(groups, outChannels));
        this.dropout = RegisterModule("dropout", new Dropout(dropout, generator));
        conv2 = RegisterModule("conv2", new Conv2d(outChannels, outChannels, 3, padding: 1, generator: generator));
        skip = inChannels == outChannels ? null : RegisterModule("skip", new Conv2d(inChannels, outChannels, 1, generator: generator));
    }

    public long OutChannels { get; }

    public Tensor Forward(Tensor x, Tensor timeEmbedding)
    {
        using var scope = DisposeScope.Enter();
        var h = conv1.Forward(norm1.Forward(x).Silu());
        h = h + timeProjection.Forward(timeEmbedding.Silu()).Unsqueeze(2).Unsqueeze(3);   // [N, Out, 1, 1] broadcast
        h = conv2.Forward(dropout.Forward(norm2.Forward(h).Silu()));
        var residual = skip is null ? x.Alias() : skip.Forward(x);
        return (h + residual).MoveToOuterScope();
    }

    public string ExportOnnx(OnnxGraph graph, string x, string timeEmbedding)
    {
        var h = graph.Apply(conv1, Nn.Layers.Silu.Export(graph, graph.Apply(norm1, x, "norm1")), "conv1");
        var t = graph.Apply(timeProjection, Nn.Layers.Silu.Export(graph, timeEmbedding), "time");
        var shape = graph.ShapeOf(t);
        var column = graph.Node("Reshape", new[] { t, graph.Constant("time_shape", 0, OutChannels, 1, 1) }, new[] { shape[0], OutChannels, 1, 1 });
        h = graph.Binary("Add", h, column);
        h = graph.Apply(conv2, Nn.Layers.Silu.Export(graph, graph.Apply(norm2, h, "norm2")), "conv2");
        var residual = skip is null ? x : graph.Apply(skip, x, "skip");
        return graph.Binary("Add", h, residual);
    }


}
