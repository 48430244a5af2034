using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>ELU: x for x > 0, alpha·(eˣ − 1) below, the ONNX Elu node.</summary>
internal sealed class EluRule : OnnxExportRule<ELU>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, ELU module, OnnxValue input) =>
        graph.Node("Elu", [input.Name], null, OnnxNodeAttribute.Float("alpha", module.alpha));
}
