using TorchSharp;
using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// Conv1d and Conv2d: an ONNX Conv (pads, strides, dilations, group), after an explicit Pad when padding_mode is not
/// zeros (TorchSharp pads the input first and convolves with no padding then).
/// </summary>
internal static class ConvolutionExport
{
    public static OnnxValue Export(OnnxGraphBuilder graph, Convolution module, OnnxValue input)
    {
        var pads = ConvolutionAttributes.Pads(module);
        var x = input.Name;
        if (module.padding_mode != PaddingModes.Zeros && pads.Any(p => p != 0))
        {
            // Pad's pads cover every input dimension: none on batch and channels.
            long[] full = [0, 0, .. pads[..(pads.Length / 2)], 0, 0, .. pads[(pads.Length / 2)..]];
            x = graph.Node("Pad", [x, graph.Constant("pads", full)], null,
                           OnnxNodeAttribute.String("mode", ConvolutionAttributes.PadMode(module, graph.Opset))).Name;
            pads = new long[pads.Length];
        }
        var weight = graph.Parameter("weight");
        string[] inputs = module.bias is not null ? [x, weight, graph.Parameter("bias")] : [x, weight];
        return graph.Node("Conv", inputs, null,
            OnnxNodeAttribute.Ints("kernel_shape", module.kernel_size),
            OnnxNodeAttribute.Ints("pads", pads),
            OnnxNodeAttribute.Ints("strides", ConvolutionAttributes.Stride(module)),
            OnnxNodeAttribute.Ints("dilations", ConvolutionAttributes.Dilation(module)),
            OnnxNodeAttribute.Int("group", module.groups));
    }
}
