using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// Embedding: the rows of weight at the int64 indices (ONNX Gather). TorchSharp keeps max_norm inside libtorch where it
/// cannot be read; an embedding built with max_norm renormalizes rows and fails verification.
/// </summary>
internal sealed class EmbeddingRule : OnnxExportRule<Embedding>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Embedding module, OnnxValue input)
    {
        if (input.Example is { } example && example.dtype != TorchSharp.torch.ScalarType.Int64)
            throw new OnnxExportException($"Embedding at '{graph.Path}' takes int64 indices, but its example input is {example.dtype}.");
        return graph.Node("Gather", [graph.Parameter("weight"), input.Name], null, OnnxNodeAttribute.Int("axis", 0));
    }
}
