using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>AvgPool2d: an ONNX AveragePool (kernel, strides = kernel unless given, pads, count_include_pad, ceil_mode).</summary>
internal sealed class AvgPool2dRule : OnnxExportRule<AvgPool2d>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, AvgPool2d module, OnnxValue input)
    {
        if (module.divisor_override is { } divisor and not 0)
            throw new OnnxExportException(
                $"AvgPool2d at '{graph.Path}' divides by divisor_override = {divisor}, which ONNX's AveragePool cannot: remove it, or " +
                "follow the pool with a Mul in a module of your own (IOnnxExportModule).");
        var kernel = ConvolutionAttributes.Expand(module.kernel_size, 2);
        var padding = module.padding is { } p ? ConvolutionAttributes.Expand(p, 2) : [0, 0];
        return graph.Node("AveragePool", [input.Name], null,
            OnnxNodeAttribute.Ints("kernel_shape", kernel),
            OnnxNodeAttribute.Ints("strides", module.stride is { } s ? ConvolutionAttributes.Expand(s, 2) : kernel),
            OnnxNodeAttribute.Ints("pads", [.. padding, .. padding]),
            OnnxNodeAttribute.Int("count_include_pad", module.count_include_pad ? 1 : 0),
            OnnxNodeAttribute.Int("ceil_mode", module.ceil_mode ? 1 : 0));
    }
}
