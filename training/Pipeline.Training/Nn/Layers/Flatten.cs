using Pipeline.Export;
using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Flattens dimensions StartDim..EndDim into one: [N, C, H, W] → [N, C·H·W] by default.</summary>
public sealed class Flatten : Module<Tensor, Tensor>, IOnnxExportable
{
    public Flatten(int startDim = 1, int endDim = -1)
    {
        StartDim = startDim;
        EndDim = endDim;
    }

    public int StartDim { get; }
    public int EndDim { get; }

    public override Tensor Forward(Tensor input) => input.Flatten(StartDim, EndDim);

    public string ExportOnnx(OnnxGraph graph, string input)
    {
        var shape = graph.ShapeOf(input);
        var start = StartDim < 0 ? StartDim + shape.Length : StartDim;
        var end = EndDim < 0 ? EndDim + shape.Length : EndDim;
        var merged = shape[start..(end + 1)];
        var size = merged.Any(d => d < 0) ? -1 : merged.Aggregate(1L, (a, d) => a * d);
        var output = shape[..start].Append(size).Concat(shape[(end + 1)..]).ToArray();
        // Reshape: 0 copies the (dynamic) batch dimension, −1 takes the rest.
        var target = output.Select((d, i) => i == 0 && start > 0 ? 0 : d).ToArray();
        return graph.Node("Reshape", new[] { input, graph.Constant("shape", target) }, output);
    }
}
