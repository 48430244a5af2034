using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>SiLU (swish): x·σ(x).</summary>
internal sealed class SiluRule : OnnxExportRule<SiLU>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, SiLU module, OnnxValue input) =>
        graph.Node("Mul", [input.Name, graph.Node("Sigmoid", [input.Name], null).Name], null);
}
