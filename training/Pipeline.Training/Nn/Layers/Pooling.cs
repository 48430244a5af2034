using Pipeline.Export;

namespace Pipeline.Nn.Layers;

/// <summary>The ONNX export shared by the pooling layers.</summary>
internal static class Pooling
{
    public static string Export(OnnxGraph graph, string opType, string input, Pair kernel, Pair stride, Pair padding, params OnnxAttribute[] extra)
    {
        var shape = graph.ShapeOf(input);
        var output = new[] { shape[0], shape[1], (shape[2] + 2 * padding.H - kernel.H) / stride.H + 1, (shape[3] + 2 * padding.W - kernel.W) / stride.W + 1 };
        var attributes = new[]
        {
            OnnxAttribute.Ints("kernel_shape", kernel.H, kernel.W), OnnxAttribute.Ints("strides", stride.H, stride.W),
            OnnxAttribute.Ints("pads", padding.H, padding.W, padding.H, padding.W),
        }.Concat(extra).ToArray();
        return graph.Node(opType, new[] { input }, output, attributes: attributes);
    }
}
