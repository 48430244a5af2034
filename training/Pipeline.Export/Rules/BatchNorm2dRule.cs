using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>BatchNorm2d ([batch, C, H, W]): see <see cref="BatchNormExport"/>.</summary>
internal sealed class BatchNorm2dRule : OnnxExportRule<BatchNorm2d>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, BatchNorm2d module, OnnxValue input) => BatchNormExport.Export(graph, module, input);
}
