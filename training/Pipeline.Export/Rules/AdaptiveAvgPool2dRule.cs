using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// AdaptiveAvgPool2d: GlobalAveragePool for a 1×1 output; an AveragePool with kernel = stride = input / output when
/// the output size divides the input size (the bins are then equal, as PyTorch's); any other size is refused.
/// </summary>
internal sealed class AdaptiveAvgPool2dRule : OnnxExportRule<AdaptiveAvgPool2d>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, AdaptiveAvgPool2d module, OnnxValue input)
    {
        var output = ConvolutionAttributes.Expand(module.output_size, 2);
        if (output is [1, 1]) return graph.Node("GlobalAveragePool", [input.Name], null);
        var shape = input.Shape;
        var (height, width) = (shape[^2], shape[^1]);
        if (height % output[0] != 0 || width % output[1] != 0)
            throw new OnnxExportException(
                $"AdaptiveAvgPool2d at '{graph.Path}' pools {height}×{width} into {output[0]}×{output[1]}, whose bins are unequal: " +
                "ONNX has no adaptive pooling; choose an output size that divides the input size.");
        long[] kernel = [height / output[0], width / output[1]];
        return graph.Node("AveragePool", [input.Name], null, OnnxNodeAttribute.Ints("kernel_shape", kernel), OnnxNodeAttribute.Ints("strides", kernel));
    }
}
