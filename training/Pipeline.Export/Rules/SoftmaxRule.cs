using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Softmax over dim: the ONNX Softmax node (opset 13+ semantics: along one axis).</summary>
internal sealed class SoftmaxRule : OnnxExportRule<Softmax>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Softmax module, OnnxValue input) =>
        graph.Node("Softmax", [input.Name], null, OnnxNodeAttribute.Int("axis", module.dim));
}
