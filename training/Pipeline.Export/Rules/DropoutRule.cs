using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Dropout is the identity in evaluation mode, where exports are made: no node.</summary>
internal sealed class DropoutRule : OnnxExportRule<Dropout>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Dropout module, OnnxValue input) => input;
}
