using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Conv2d: see <see cref="ConvolutionExport"/>.</summary>
internal sealed class Conv2dRule : OnnxExportRule<Conv2d>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Conv2d module, OnnxValue input) => ConvolutionExport.Export(graph, module, input);
}
