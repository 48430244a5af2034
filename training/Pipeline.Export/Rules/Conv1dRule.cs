using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Conv1d: see <see cref="ConvolutionExport"/>.</summary>
internal sealed class Conv1dRule : OnnxExportRule<Conv1d>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Conv1d module, OnnxValue input) => ConvolutionExport.Export(graph, module, input);
}
