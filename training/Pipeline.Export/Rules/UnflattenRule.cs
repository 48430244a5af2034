using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Unflatten(dim, sizes): a Reshape keeping the dimensions before dim (0: copied, so the batch stays dynamic).</summary>
internal sealed class UnflattenRule : OnnxExportRule<Unflatten>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Unflatten module, OnnxValue input)
    {
        var rank = input.Rank;
        var dim = module.dim < 0 ? module.dim + rank : module.dim;
        if (dim == 0)
            throw new OnnxExportException($"Unflatten at '{graph.Path}' splits dimension 0, the batch: unflatten a later dimension.");
        var shape = input.Shape;
        var target = Enumerable.Repeat(0L, (int)dim).Concat(module.unflattened_size).Concat(shape[((int)dim + 1)..]).ToArray();
        return graph.Node("Reshape", [input.Name, graph.Constant("shape", target)], null);
    }
}
