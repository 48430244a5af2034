using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>BatchNorm1d ([batch, C] or [batch, C, L]): see <see cref="BatchNormExport"/>.</summary>
internal sealed class BatchNorm1dRule : OnnxExportRule<BatchNorm1d>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, BatchNorm1d module, OnnxValue input) => BatchNormExport.Export(graph, module, input);
}
