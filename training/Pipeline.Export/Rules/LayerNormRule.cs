using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>LayerNorm: an ONNX LayerNormalization over the last len(normalized_shape) dimensions (ones for weight without affine).</summary>
internal sealed class LayerNormRule : OnnxExportRule<LayerNorm>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, LayerNorm module, OnnxValue input)
    {
        var shape = module.normalized_shape;
        var size = shape.Aggregate(1L, (a, b) => a * b);
        var scale = module.elementwise_affine ? graph.Parameter("weight") : graph.Constant("scale", Enumerable.Repeat(1f, (int)size).ToArray(), shape);
        string[] inputs = module.bias is not null ? [input.Name, scale, graph.Parameter("bias")] : [input.Name, scale];
        return graph.Node("LayerNormalization", inputs, null,
                          OnnxNodeAttribute.Int("axis", -shape.Length), OnnxNodeAttribute.Float("epsilon", module.eps));
    }
}
