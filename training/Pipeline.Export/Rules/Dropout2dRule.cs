using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Dropout2d is the identity in evaluation mode, where exports are made: no node.</summary>
internal sealed class Dropout2dRule : OnnxExportRule<Dropout2d>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Dropout2d module, OnnxValue input) => input;
}
