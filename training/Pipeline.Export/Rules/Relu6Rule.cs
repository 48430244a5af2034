using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>ReLU6: min(max(0, x), 6), an ONNX Clip.</summary>
internal sealed class Relu6Rule : OnnxExportRule<ReLU6>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, ReLU6 module, OnnxValue input) =>
        graph.Node("Clip", [input.Name, graph.Constant("min", [0f]), graph.Constant("max", [6f])], null);
}
