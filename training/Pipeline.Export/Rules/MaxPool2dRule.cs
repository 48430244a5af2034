using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>MaxPool2d: an ONNX MaxPool (kernel, strides = kernel unless given, pads, dilations, ceil_mode).</summary>
internal sealed class MaxPool2dRule : OnnxExportRule<MaxPool2d>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, MaxPool2d module, OnnxValue input)
    {
        var kernel = ConvolutionAttributes.Expand(module.kernel_size, 2);
        var padding = module.padding is { } p ? ConvolutionAttributes.Expand(p, 2) : [0, 0];
        return graph.Node("MaxPool", [input.Name], null,
            OnnxNodeAttribute.Ints("kernel_shape", kernel),
            OnnxNodeAttribute.Ints("strides", module.stride is { } s ? ConvolutionAttributes.Expand(s, 2) : kernel),
            OnnxNodeAttribute.Ints("pads", [.. padding, .. padding]),
            OnnxNodeAttribute.Ints("dilations", module.dilation is { } d ? ConvolutionAttributes.Expand(d, 2) : [1, 1]),
            OnnxNodeAttribute.Int("ceil_mode", module.ceil_mode ? 1 : 0));
    }
}
