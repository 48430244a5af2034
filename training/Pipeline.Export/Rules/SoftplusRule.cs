using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// Softplus: ln(1 + e^(βx))/β, and x where βx > threshold (PyTorch's linear region, within 1e-8 of the formula at the
/// default threshold 20; a lower threshold is exported as a Where). ONNX Softplus has β = 1, so other β scale the input
/// and the output.
/// </summary>
internal sealed class SoftplusRule : OnnxExportRule<Softplus>
{
    /// <summary>PyTorch's threshold, where ln(1 + e^20) − 20 ≈ 2e-9: the formula alone matches it.</summary>
    private const double DefaultThreshold = 20;

    public override OnnxValue Export(OnnxGraphBuilder graph, Softplus module, OnnxValue input)
    {
        var scaled = module.beta == 1 ? input : graph.Node("Mul", [input.Name, graph.Constant("beta", [(float)module.beta])], null);
        var softplus = graph.Node("Softplus", [scaled.Name], null);
        var smooth = module.beta == 1 ? softplus : graph.Node("Div", [softplus.Name, graph.Constant("beta_divisor", [(float)module.beta])], null);
        if (module.threshold >= DefaultThreshold) return smooth;
        // Below the default, the linear region differs from the formula by more than float precision: x where βx > threshold.
        var linear = graph.Node("Greater", [scaled.Name, graph.Constant("threshold", [(float)module.threshold])], null);
        return graph.Node("Where", [linear.Name, input.Name, smooth.Name], null);
    }
}
