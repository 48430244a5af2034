namespace Pipeline.Export;

/// <summary>
/// Implemented by a custom module whose forward is more than a chain of layers: it adds its own computation to the
/// graph, in the same order as its forward, through the graph builder's operations; its submodules go through
/// <see cref="OnnxGraphBuilder.Apply(TorchSharp.torch.nn.Module, OnnxValue[])"/> and its own parameters through
/// <see cref="OnnxGraphBuilder.Parameter(TorchSharp.torch.Tensor)"/>, so initializers keep their state-dict names.
/// </summary>
public interface IOnnxExportModule
{
    /// <summary>Adds the module's forward pass (in evaluation mode) to <paramref name="graph"/> and returns its outputs.</summary>
    OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs);
}
