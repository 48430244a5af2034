using TorchSharp;
using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// BatchNorm1d and BatchNorm2d in evaluation mode: an ONNX BatchNormalization over the running statistics,
/// y = (x − running_mean) / √(running_var + eps) · weight + bias; ones and zeros stand in for weight and bias without affine.
/// </summary>
internal static class BatchNormExport
{
    public static OnnxValue Export(OnnxGraphBuilder graph, BatchNorm module, OnnxValue input)
    {
        if (module.running_mean is null || module.running_var is null)
            throw new OnnxExportException(
                $"{module.GetType().Name} at '{graph.Path}' has no running statistics (track_running_stats: false), so it normalizes " +
                "with the statistics of each batch even in evaluation: build it with track_running_stats: true to export it.");
        var channels = module.num_features;
        var scale = module.affine ? graph.Parameter("weight") : graph.Constant("scale", Enumerable.Repeat(1f, (int)channels).ToArray(), channels);
        var shift = module.affine && module.bias is not null ? graph.Parameter("bias") : graph.Constant("shift", new float[channels], channels);
        return graph.Node("BatchNormalization", [input.Name, scale, shift, graph.Parameter("running_mean"), graph.Parameter("running_var")], null,
                          OnnxNodeAttribute.Float("epsilon", module.eps));
    }
}
