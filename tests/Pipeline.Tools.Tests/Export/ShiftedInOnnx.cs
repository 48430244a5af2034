using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Tests.Export;

/// <summary>
/// A module whose forward is its inner network's, but whose ONNX graph (<see cref="IOnnxExportModule"/>) adds 0.5 to
/// the inner network's output: a deliberately wrong export rule, which the exporter's verification must catch.
/// </summary>
internal sealed class ShiftedInOnnx : nn.Module<Tensor, Tensor>, IOnnxExportModule
{
    private readonly nn.Module<Tensor, Tensor> inner;

    public ShiftedInOnnx(nn.Module<Tensor, Tensor> inner) : base(nameof(ShiftedInOnnx))
    {
        this.inner = inner;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => inner.call(input);

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        using var shift = torch.tensor(new[] { 0.5f });
        return [graph.Add(graph.Apply(inner, inputs[0]), graph.ConstantValue("shift", shift))];
    }
}
