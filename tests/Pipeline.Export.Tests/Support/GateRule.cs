using TorchSharp;

namespace Pipeline.Export.Tests.Support;

/// <summary>The rule a user registers for <see cref="Gate"/>; <see cref="Wrong"/> forgets the sigmoid.</summary>
internal sealed class GateRule(bool wrong = false) : IOnnxExportRule
{
    public static GateRule Wrong => new(wrong: true);

    public Type ModuleType => typeof(Gate);

    public OnnxValue[] Export(OnnxGraphBuilder graph, torch.nn.Module module, OnnxValue[] inputs)
    {
        var gate = wrong ? inputs[1] : graph.Unary("Sigmoid", inputs[1], torch.sigmoid);
        return [graph.Mul(inputs[0], gate)];
    }
}
