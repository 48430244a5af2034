using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Identity: no node, the input is the output.</summary>
internal sealed class IdentityRule : OnnxExportRule<Identity>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Identity module, OnnxValue input) => input;
}
