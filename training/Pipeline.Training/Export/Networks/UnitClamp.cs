using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Export.Networks;

/// <summary>
/// clamp(x, 0, 1): what a package promises of pixel intensities, added after a decoder without a final sigmoid.
/// (TorchSharp 0.107's Hardtanh does not clamp, so it cannot stand in.)
/// </summary>
public sealed class UnitClamp : nn.Module<Tensor, Tensor>, IOnnxExportModule
{
    public UnitClamp() : base(nameof(UnitClamp))
    {
    }

    public override Tensor forward(Tensor input) => input.clamp(0, 1);

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var x = inputs[0];
        return [graph.Node("Clip", [x.Name, graph.Constant("min", [0f]), graph.Constant("max", [1f])], forward(x.RequireExample()))];
    }
}
