using TorchSharp;

namespace Pipeline.Export;

/// <summary>How one module type becomes ONNX nodes; looked up by the module's type in <see cref="OnnxExportRules"/>.</summary>
public interface IOnnxExportRule
{
    /// <summary>The module type the rule exports (and, unless a closer rule exists, its subclasses).</summary>
    Type ModuleType { get; }

    /// <summary>Adds <paramref name="module"/>'s forward pass (evaluation mode) to <paramref name="graph"/>.</summary>
    OnnxValue[] Export(OnnxGraphBuilder graph, torch.nn.Module module, OnnxValue[] inputs);
}
