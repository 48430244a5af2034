using TorchSharp;
using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>The attributes of ONNX Conv and ConvTranspose nodes, read from a TorchSharp convolution.</summary>
internal static class ConvolutionAttributes
{
    /// <summary>
    /// ONNX pads (all begins, then all ends) for the convolution's padding: explicit values, or Padding.Same with any
    /// odd total going to the end (as TorchSharp and PyTorch do), or Padding.Valid.
    /// </summary>
    public static long[] Pads(Convolution module)
    {
        var dimensions = module.kernel_size.Length;
        if (module.padding is { } padding)
        {
            var each = padding.Length == 1 ? Enumerable.Repeat(padding[0], dimensions).ToArray() : padding;
            return [.. each, .. each];
        }
        if (module.padding_type == Padding.Same)
        {
            var total = Enumerable.Range(0, dimensions).Select(d => Dilation(module)[d] * (module.kernel_size[d] - 1)).ToArray();
            return [.. total.Select(t => t / 2), .. total.Select(t => t - t / 2)];
        }
        return new long[2 * dimensions];
    }

    public static long[] Dilation(Convolution module) => Expand(module.dilation, module.kernel_size.Length);

    public static long[] Stride(Convolution module) => Expand(module.stride, module.kernel_size.Length);

    public static long[] Expand(long[] values, int dimensions) =>
        values.Length == 1 ? Enumerable.Repeat(values[0], dimensions).ToArray() : values;

    /// <summary>The padding mode as an ONNX Pad mode, or an error for one ONNX cannot express at this opset.</summary>
    public static string PadMode(Convolution module, int opset) => module.padding_mode switch
    {
        PaddingModes.Reflect => "reflect",
        PaddingModes.Replicate => "edge",
        PaddingModes.Circular when opset >= 19 => "wrap",
        PaddingModes.Constant => "constant",
        _ => throw new OnnxExportException(
            $"{module.GetType().Name} with padding_mode {module.padding_mode} needs ONNX's Pad mode 'wrap', which opset 19 brings: export with Opset = 19 or more."),
    };
}
