using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// Softplus: ln(1 + e^(βx))/β, and x where βx > threshold (PyTorch's linear region, within 1e-8 of the formula at the
/// default threshold 20). ONNX Softplus has β = 1, so other β scale the input and the output.
/// </summary>
internal sealed class SoftplusRule : OnnxExportRule<Softplus>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, Softplus module, OnnxValue input)
    {
        if (module.beta == 1) return graph.Node("Softplus", [input.Name], null);
        var scaled = graph.Node("Mul", [input.Name, graph.Constant("beta", [(float)module.beta])], null);
        var softplus = graph.Node("Softplus", [scaled.Name], null);
        return graph.Node("Div", [softplus.Name, graph.Constant("beta_divisor", [(float)module.beta])], null);
    }
}
