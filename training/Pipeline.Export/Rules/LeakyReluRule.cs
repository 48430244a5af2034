using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>LeakyReLU: x for x ≥ 0, negative_slope·x below, the ONNX LeakyRelu node.</summary>
internal sealed class LeakyReluRule : OnnxExportRule<LeakyReLU>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, LeakyReLU module, OnnxValue input) =>
        graph.Node("LeakyRelu", [input.Name], null, OnnxNodeAttribute.Float("alpha", module.negative_slope));
}
