using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Mish: x·tanh(softplus(x)).</summary>
internal sealed class MishRule : OnnxExportRule<Mish>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Mish module, OnnxValue input) =>
        graph.Node("Mul", [input.Name, graph.Node("Tanh", [graph.Node("Softplus", [input.Name], null).Name], null).Name], null);
}
