using Pipeline.Onnx.Proto;
using Pipeline.Tensors;

namespace Pipeline.Export;

/// <summary>
/// One network of a model as it will be exported: its role in the package ("encoder", "decoder", ...),
/// named inputs and outputs, how to write it into an ONNX graph, and the same computation in libtorch
/// (evaluation mode), which the exporter compares with ONNX Runtime's results.
/// </summary>
public sealed class ExportableNetwork
{
    public required string Role { get; init; }
    public required IReadOnlyList<NetworkInput> Inputs { get; init; }
    public required IReadOnlyList<string> Outputs { get; init; }

    /// <summary>Adds the network's nodes; receives the input values and returns the output values, in order.</summary>
    public required Func<OnnxGraph, IReadOnlyList<string>, IReadOnlyList<string>> Build { get; init; }

    /// <summary>The network in libtorch on the given inputs (one tensor per input, batch first).</summary>
    public required Func<IReadOnlyList<Tensor>, IReadOnlyList<Tensor>> Reference { get; init; }

    /// <summary>Writes the network as an ONNX model; returns it with the shapes of its outputs (−1 is the batch).</summary>
    public (ModelProto Model, IReadOnlyList<long[]> OutputShapes) ToOnnx(IReadOnlyDictionary<string, string>? metadata = null)
    {
        var graph = new OnnxGraph(Role);
        var inputs = Inputs.Select(i => graph.AddInput(i.Name, i.Shape)).ToList();
        var outputs = Build(graph, inputs);
        if (outputs.Count != Outputs.Count)
            throw new InvalidOperationException($"the {Role} network built {outputs.Count} outputs but declares {Outputs.Count}");
        var shapes = new List<long[]>();
        for (var i = 0; i < outputs.Count; i++)
        {
            shapes.Add(graph.ShapeOf(outputs[i]));
            graph.AddOutput(outputs[i], Outputs[i]);
        }
        return (graph.ToModel(metadata), shapes);
    }
}
