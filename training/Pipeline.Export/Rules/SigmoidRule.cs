using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Sigmoid: 1 / (1 + e^(−x)): the ONNX Sigmoid node.</summary>
internal sealed class SigmoidRule : OnnxExportRule<Sigmoid>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Sigmoid module, OnnxValue input) => graph.Node("Sigmoid", [input.Name], null);
}
