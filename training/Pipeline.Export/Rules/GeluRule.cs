using TorchSharp.Modules;

namespace Pipeline.Export.Rules;

/// <summary>
/// GELU: ONNX Gelu from opset 20; before it, x·Φ(x) = ½x(1 + erf(x/√2)), or with the tanh approximation
/// ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
/// </summary>
internal sealed class GeluRule : OnnxExportRule<GELU>
{
    public override OnnxValue Export(OnnxGraphBuilder graph, GELU module, OnnxValue input)
    {
        var tanh = module.approximate == GELU.Approximate.tanh;
        if (graph.Opset >= 20)
            return graph.Node("Gelu", [input.Name], null, OnnxNodeAttribute.String("approximate", tanh ? "tanh" : "none"));
        var half = graph.Node("Mul", [input.Name, graph.Constant("half", [0.5f])], null);
        OnnxValue inner;
        if (tanh)
        {
            var cube = graph.Node("Mul", [input.Name, graph.Node("Mul", [input.Name, input.Name], null).Name], null);
            var sum = graph.Node("Add", [input.Name, graph.Node("Mul", [cube.Name, graph.Constant("c", [0.044715f])], null).Name], null);
            inner = graph.Node("Tanh", [graph.Node("Mul", [sum.Name, graph.Constant("sqrt_2_over_pi", [MathF.Sqrt(2f / MathF.PI)])], null).Name], null);
        }
        else
        {
            inner = graph.Node("Erf", [graph.Node("Mul", [input.Name, graph.Constant("inv_sqrt2", [1f / MathF.Sqrt(2f)])], null).Name], null);
        }
        var onePlus = graph.Node("Add", [inner.Name, graph.Constant("one", [1f])], null);
        return graph.Node("Mul", [half.Name, onePlus.Name], null);
    }
}
