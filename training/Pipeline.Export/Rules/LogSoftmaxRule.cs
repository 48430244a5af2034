using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>LogSoftmax over dim: the ONNX LogSoftmax node.</summary>
internal sealed class LogSoftmaxRule : OnnxExportRule<LogSoftmax>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, LogSoftmax module, OnnxValue input) =>
        graph.Node("LogSoftmax", [input.Name], null, OnnxNodeAttribute.Int("axis", module.dim));
}
