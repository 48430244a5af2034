using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Splits the last dimension into Shape: [N, C·H·W] → [N, C, H, W].</summary>
public sealed class Unflatten : Module<Tensor, Tensor>, IOnnxExportable
{
    public Unflatten(params long[] shape) => Shape = shape;

    public long[] Shape { get; }

    public override Tensor Forward(Tensor input) => input.Reshape(new[] { input.Size(0) }.Concat(Shape).ToArray());

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var output = new[] { graph.ShapeOf(input)[0] }.Concat(Shape).ToArray();
        return graph.Node("Reshape", new[] { input, graph.Constant("shape", new[] { 0L }.Concat(Shape).ToArray()) }, output);
    }
}
