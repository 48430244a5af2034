using Pipeline.Export;
using TorchSharp.Modules;
using TorchSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// Single-head self-attention over the pixels of a feature map (used at 7×7):
/// q, k, v = 1×1 convs of GN(x); A = softmax(qᵀk/√C) over the HW positions; out = x + Proj(v·Aᵀ).
/// x: [N, C, H, W] → [N, C, H, W].
/// </summary>
public sealed class SelfAttention2d : nn.Module<Tensor, Tensor>, IOnnxExportModule
{
    private readonly GroupNorm norm;
    private readonly Conv2d qkv;
    [ComponentName(Name = "proj")]
    private readonly Conv2d projection;
    private readonly Softmax softmax = nn.Softmax(-1);

    public SelfAttention2d(long channels, long groups) : base(nameof(SelfAttention2d))
    {
        Channels = channels;
        norm = Networks.GroupNorm(groups, channels);
        qkv = nn.Conv2d(channels, 3 * channels, 1);
        projection = nn.Conv2d(channels, channels, 1);
        RegisterComponents();
    }

    public long Channels { get; }

    public override Tensor forward(Tensor input)
    {
        var shape = input.shape;                                               // [N, C, H, W]
        var (n, c, positions) = (shape[0], shape[1], shape[2] * shape[3]);
        var parts = qkv.call(norm.call(input)).reshape(n, 3, c, positions);
        var q = parts.select(1, 0).transpose(1, 2);                            // [N, HW, C]
        var k = parts.select(1, 1);                                            // [N, C, HW]
        var v = parts.select(1, 2).transpose(1, 2);                            // [N, HW, C]
        var attention = softmax.call(q.bmm(k) * (1 / Math.Sqrt(c)));          // [N, HW, HW]
        var mixed = attention.bmm(v).transpose(1, 2).reshape(shape);           // [N, C, H, W]
        return input + projection.call(mixed);
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var input = inputs[0];
        var shape = input.Shape;
        var (c, positions) = (shape[1], shape[2] * shape[3]);
        var parts = graph.Reshape(graph.Apply(qkv, graph.Apply(norm, input)), 0, 3, c, positions);   // [N, 3, C, HW]
        OnnxValue Part(long index) => graph.Reshape(
            graph.Node("Gather", [parts.Name, graph.Constant("index", index)], parts.RequireExample().narrow(1, index, 1),
                OnnxNodeAttribute.Int("axis", 1)), 0, c, positions);                                    // [N, C, HW]
        var q = graph.Transpose(Part(0), 0, 2, 1);                                                      // [N, HW, C]
        var k = Part(1);
        var v = graph.Transpose(Part(2), 0, 2, 1);
        var scale = graph.ConstantValue("scale", tensor(new[] { (float)(1 / Math.Sqrt(c)) }));
        var attention = graph.Apply(softmax, graph.Mul(graph.MatMul(q, k), scale));
        var mixed = graph.Reshape(graph.Transpose(graph.MatMul(attention, v), 0, 2, 1), 0, shape[1], shape[2], shape[3]);
        return [graph.Add(input, graph.Apply(projection, mixed))];
    }
}
