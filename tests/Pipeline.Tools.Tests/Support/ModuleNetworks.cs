using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Onnx;
using Pipeline.Tensors;

namespace Pipeline.Tools.Tests.Support;

/// <summary>Single modules wrapped as exportable networks ("x" → "y"), and written as ONNX files.</summary>
internal static class ModuleNetworks
{
    /// <summary>The module on a float input: Reference is its forward pass, Build exports it in a scope named "m".</summary>
    public static ExportableNetwork Plain(Module<Tensor, Tensor> module, long[] inputShape) => new()
    {
        Role = "m",
        Inputs = new[] { new NetworkInput("x", inputShape) },
        Outputs = new[] { "y" },
        Build = (graph, inputs) => new[] { graph.Apply(module, inputs[0], "m") },
        Reference = inputs => new[] { module.Forward(inputs[0]) },
    };

    /// <summary>
    /// The module on int64 indices in 0..count−1, made from a float input the verifier draws uniform in [0, 1)
    /// (an input named "image"): index = min(floor(x·count), count − 1), cast to int64 before the module.
    /// </summary>
    public static ExportableNetwork Indexed(Module<Tensor, Tensor> module, long[] inputShape, long count) => new()
    {
        Role = "m",
        Inputs = new[] { new NetworkInput("image", inputShape) },
        Outputs = new[] { "y" },
        Build = (graph, inputs) =>
        {
            var scaled = graph.Binary("Mul", inputs[0], graph.Constant("count", new[] { (float)count }));
            var clipped = graph.Binary("Min", graph.Elementwise("Floor", scaled), graph.Constant("last", new[] { (float)(count - 1) }));
            var indices = graph.Node("Cast", new[] { clipped }, graph.ShapeOf(clipped), attributes: OnnxAttribute.Int("to", 7));
            return new[] { graph.Apply(module, indices, "m") };
        },
        Reference = inputs =>
        {
            using var scaled = inputs[0] * count;
            using var floor = scaled.Floor();
            using var clipped = floor.Clamp(max: count - 1);
            using var indices = clipped.To(DType.Int64);
            return new[] { module.Forward(indices) };
        },
    };

    /// <summary>Writes the network's ONNX model to <paramref name="path"/>; returns the path.</summary>
    public static string Write(ExportableNetwork network, string path)
    {
        var (model, _) = network.ToOnnx();
        OnnxModelFile.Write(model, path);
        return path;
    }
}
