using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// Flatten(start_dim, end_dim): ONNX Flatten for the usual (1, −1) on any rank; otherwise a Reshape that keeps the
/// dimensions before start_dim (0: copied, so the batch stays dynamic) and those after end_dim.
/// </summary>
internal sealed class FlattenRule : OnnxExportRule<Flatten>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Flatten module, OnnxValue input)
    {
        var rank = input.Rank;
        var start = module.start_dim < 0 ? module.start_dim + rank : module.start_dim;
        var end = module.end_dim < 0 ? module.end_dim + rank : module.end_dim;
        if (start == 1 && end == rank - 1) return graph.Node("Flatten", [input.Name], null, OnnxNodeAttribute.Int("axis", 1));
        if (start == end) return input;
        var shape = input.Shape;
        var target = new List<long>();
        for (var d = 0; d < start; d++) target.Add(0);
        target.Add(start == 0 ? -1 : shape[(int)start..((int)end + 1)].Aggregate(1L, (a, b) => a * b));
        for (var d = (int)end + 1; d < rank; d++) target.Add(shape[d]);
        return graph.Node("Reshape", [input.Name, graph.Constant("shape", [.. target])], null);
    }
}
