using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>Linear: y = x·Wᵀ + b, as Gemm for [batch, in] inputs and MatMul (+ Add) for higher ranks.</summary>
internal sealed class LinearRule : OnnxExportRule<Linear>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Linear module, OnnxValue input)
    {
        var weight = graph.Parameter("weight");
        if (input.Rank == 2)
        {
            string[] inputs = module.bias is not null ? [input.Name, weight, graph.Parameter("bias")] : [input.Name, weight];
            return graph.Node("Gemm", inputs, null, OnnxNodeAttribute.Int("transB", 1));
        }
        var transposed = graph.Node("Transpose", [weight], null, OnnxNodeAttribute.Ints("perm", 1, 0));
        var product = graph.Node("MatMul", [input.Name, transposed.Name], null);
        return module.bias is not null ? graph.Node("Add", [product.Name, graph.Parameter("bias")], null) : product;
    }
}
