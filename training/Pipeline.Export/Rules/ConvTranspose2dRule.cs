using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// ConvTranspose2d: an ONNX ConvTranspose. TorchSharp 0.107 passes only output_padding[0] to libtorch, which applies
/// it to both spatial dimensions; the export does the same, so the file computes what the module computes.
/// </summary>
internal sealed class ConvTranspose2dRule : OnnxExportRule<ConvTranspose2d>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, ConvTranspose2d module, OnnxValue input)
    {
        var weight = graph.Parameter("weight");
        string[] inputs = module.bias is not null ? [input.Name, weight, graph.Parameter("bias")] : [input.Name, weight];
        var outputPadding = module.output_padding.Length == 0 ? 0 : module.output_padding[0];
        return graph.Node("ConvTranspose", inputs, null,
            OnnxNodeAttribute.Ints("kernel_shape", module.kernel_size),
            OnnxNodeAttribute.Ints("pads", ConvolutionAttributes.Pads(module)),
            OnnxNodeAttribute.Ints("strides", ConvolutionAttributes.Stride(module)),
            OnnxNodeAttribute.Ints("dilations", ConvolutionAttributes.Dilation(module)),
            OnnxNodeAttribute.Ints("output_padding", outputPadding, outputPadding),
            OnnxNodeAttribute.Int("group", module.groups));
    }
}
