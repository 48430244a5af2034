using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>ReLU: max(0, x): the ONNX Relu node.</summary>
internal sealed class ReluRule : OnnxExportRule<ReLU>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, ReLU module, OnnxValue input) => graph.Node("Relu", [input.Name], null);
}
