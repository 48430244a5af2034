using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>InstanceNorm2d with the statistics of each input (track_running_stats: false): an ONNX InstanceNormalization.</summary>
internal sealed class InstanceNorm2dRule : OnnxExportRule<InstanceNorm2d>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, InstanceNorm2d module, OnnxValue input)
    {
        if (module.track_running_stats)
            throw new OnnxExportException(
                $"InstanceNorm2d at '{graph.Path}' uses running statistics in evaluation (track_running_stats: true), which ONNX's " +
                "InstanceNormalization does not: build it with track_running_stats: false, or use BatchNorm2d.");
        if (input.Rank != 4)
            throw new OnnxExportException($"InstanceNorm2d at '{graph.Path}' is exported for [batch, C, H, W] inputs; its input is {input}.");
        var channels = module.num_features;
        var scale = module.affine ? graph.Parameter("weight") : graph.Constant("scale", Enumerable.Repeat(1f, (int)channels).ToArray(), channels);
        var shift = module.affine && module.bias is not null ? graph.Parameter("bias") : graph.Constant("shift", new float[channels], channels);
        return graph.Node("InstanceNormalization", [input.Name, scale, shift], null, OnnxNodeAttribute.Float("epsilon", module.eps));
    }
}
