using Pipeline.Export;
using TorchSharp.Modules;
using TorchSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// The U-Net's residual block (Ho et al. 2020, as in Wide ResNet with GroupNorm):
/// h = Conv(SiLU(GN(x))) + Linear(SiLU(temb)); h = Conv(Dropout(SiLU(GN(h)))); out = h + skip(x).
/// x: [N, In, H, W], temb: [N, TimeDim] → [N, Out, H, W].
/// </summary>
public sealed class ResidualBlock : nn.Module<Tensor, Tensor, Tensor>, IOnnxExportModule
{
    private readonly GroupNorm norm1;
    private readonly Conv2d conv1;
    [ComponentName(Name = "time")]
    private readonly Linear timeProjection;
    private readonly GroupNorm norm2;
    private readonly Dropout dropout;
    private readonly Conv2d conv2;
    private readonly nn.Module<Tensor, Tensor> skip;
    private readonly SiLU silu = nn.SiLU();

    public ResidualBlock(long inChannels, long outChannels, long timeDim, long groups, double dropout) : base(nameof(ResidualBlock))
    {
        norm1 = Networks.GroupNorm(groups, inChannels);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        timeProjection = nn.Linear(timeDim, outChannels);
        norm2 = Networks.GroupNorm(groups, outChannels);
        this.dropout = nn.Dropout(dropout);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        skip = inChannels == outChannels ? nn.Identity() : nn.Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x, Tensor timeEmbedding)
    {
        var h = conv1.call(silu.call(norm1.call(x)));
        h = h + timeProjection.call(silu.call(timeEmbedding)).unsqueeze(2).unsqueeze(3);   // [N, Out, 1, 1] broadcast
        h = conv2.call(dropout.call(silu.call(norm2.call(h))));
        return h + skip.call(x);
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var (x, timeEmbedding) = (inputs[0], inputs[1]);
        var h = graph.Apply(conv1, graph.Apply(silu, graph.Apply(norm1, x)));
        h = graph.Add(h, graph.Unsqueeze(graph.Apply(timeProjection, graph.Apply(silu, timeEmbedding)), 2, 3));
        h = graph.Apply(conv2, graph.Apply(dropout, graph.Apply(silu, graph.Apply(norm2, h))));
        return [graph.Add(h, graph.Apply(skip, x))];
    }
}
