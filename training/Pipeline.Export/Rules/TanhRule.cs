using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Tanh: the ONNX Tanh node.</summary>
internal sealed class TanhRule : OnnxExportRule<Tanh>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Tanh module, OnnxValue input) => graph.Node("Tanh", [input.Name], null);
}
