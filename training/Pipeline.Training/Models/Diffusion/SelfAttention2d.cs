using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// Single-head self-attention over the pixels of a feature map (used at 7×7):
/// q, k, v = 1×1 convs of GN(x); A = softmax(qᵀk/√C) over the HW positions; out = x + Proj(v·Aᵀ).
/// x: [N, C, H, W] → [N, C, H, W].
/// </summary>
public sealed class SelfAttention2d : Module<Tensor, Tensor>, IOnnxExportable
{
    private readonly GroupNorm norm;
    private readonly Conv2d qkv;
    private readonly Conv2d projection;

    public SelfAttention2d(long channels, long groups, Generator? generator)
    {
        Channels = channels;
        norm = RegisterModule("norm", new GroupNorm(groups, channels));
        qkv = RegisterModule("qkv", new Conv2d(channels, 3 * channels, 1, generator: generator));
        projection = RegisterModule("proj", new Conv2d(channels, channels, 1, generator: generator));
    }

    public long Channels { get; }

    public override Tensor Forward(Tensor input)
    {
        using var scope = DisposeScope.Enter();
        var shape = input.Shape;                                    // [N, C, H, W]
        var (n, c, positions) = (shape[0], shape[1], shape[2] * shape[3]);
        var parts = qkv.Forward(norm.Forward(input)).Reshape(n, 3, c, positions);
        var q = parts.Select(1, 0).Transpose(1, 2);                 // [N, HW, C]
        var k = parts.Select(1, 1);                                 // [N, C, HW]
        var v = parts.Select(1, 2).Transpose(1, 2);                 // [N, HW, C]
        var attention = Functional.Softmax(q.Bmm(k) * (1 / Math.Sqrt(c)), -1);   // [N, HW, HW]
        var mixed = attention.Bmm(v).Transpose(1, 2).Reshape(shape); // [N, C, H, W]
        return (input + projection.Forward(mixed)).MoveToOuterScope();
    }

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var shape = graph.ShapeOf(input);
        var (n, c, positions) = (shape[0], shape[1], shape[2] * shape[3]);
        var parts = graph.Apply(qkv, graph.Apply(norm, input, "norm"), "qkv");
        var split = graph.Node("Reshape", new[] { parts, graph.Constant("qkv_shape", 0, 3, c, positions) }, new[] { n, 3, c, positions });
        string Part(long index, string name) => graph.Node("Gather", new[] { split, graph.Constant(name, new[] { index }) }, new[] { n, 1, c, positions }, attributes: OnnxAttribute.Int("axis", 1));
        var partShape = graph.Constant("part_shape", 0, c, positions);
        string Squeeze(string x) => graph.Node("Reshape", new[] { x, partShape }, new[] { n, c, positions });
        string Transpose(string x, long[] outShape) => graph.Node("Transpose", new[] { x }, outShape, attributes: OnnxAttribute.Ints("perm", 0, 2, 1));
        var q = Transpose(Squeeze(Part(0, "q_index")), new[] { n, positions, c });
        var k = Squeeze(Part(1, "k_index"));
        var v = Transpose(Squeeze(Part(2, "v_index")), new[] { n, positions, c });
        var scores = graph.Binary("Mul", graph.Node("MatMul", new[] { q, k }, new[] { n, positions, positions }), graph.Constant("scale", new[] { (float)(1 / Math.Sqrt(c)) }));
        var attention = graph.Elementwise("Softmax", scores, OnnxAttribute.Int("axis", -1));
        var mixed = Transpose(graph.Node("MatMul", new[] { attention, v }, new[] { n, positions, c }), new[] { n, c, positions });
        var image = graph.Node("Reshape", new[] { mixed, graph.Constant("image_shape", shape.Select((d, i) => i == 0 ? 0 : d).ToArray()) }, shape);
        return graph.Binary("Add", input, graph.Apply(projection, image, "proj"));
    }
}
