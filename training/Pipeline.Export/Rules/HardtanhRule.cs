using TorchSharp;
using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// Hardtanh: min(max(min_val, x), max_val), an ONNX Clip. TorchSharp 0.107's Hardtanh (module and functional) returns
/// its input unchanged, so where it does so on the example, no graph can match it and the export is refused.
/// </summary>
internal sealed class HardtanhRule : OnnxExportRule<Hardtanh>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Hardtanh module, OnnxValue input)
    {
        var example = input.RequireExample();
        var output = module.call(example);
        try
        {
            var outside = (example < module.min_val).logical_or(example > module.max_val).any().item<bool>();
            if (outside && output.eq(example).all().item<bool>())
                throw new OnnxExportException(
                    $"Hardtanh at '{graph.Path}' returns its input unchanged (TorchSharp 0.107 ignores min_val and max_val), so an " +
                    "ONNX Clip would not match it: clamp in a module of your own (torch.clamp, exported with IOnnxExportModule), or use ReLU6.");
        }
        finally
        {
            // TorchSharp 0.107's Hardtanh returns the very tensor it is given: that one is the input's example, not ours to free.
            if (!ReferenceEquals(output, example)) output.Dispose();
        }
        return graph.Node("Clip", [input.Name, graph.Constant("min", [(float)module.min_val]), graph.Constant("max", [(float)module.max_val])], null);
    }
}
