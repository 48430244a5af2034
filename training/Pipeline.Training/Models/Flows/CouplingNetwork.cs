using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Flows;

/// <summary>
/// The conditioner of one affine coupling: the kept entries b ⊙ x [N, C, H, W] → (s, m), the log-scale and the shift of the
/// transformed entries. The mask enters as an extra input channel (computed once: Conv(b) is a constant map added to
/// Conv(b ⊙ x)), so the network knows which entries it sees; s = scale ⊙ tanh(·) bounds the log-scales (Dinh et al. 2017, §4.1);
/// the output convolutions start at zero, so every coupling starts as the identity. This module is the exported
/// "coupling&lt;k&gt;" network: input "x", outputs "log_scale" and "shift".
/// </summary>
public sealed class CouplingNetwork : nn.Module<Tensor, (Tensor, Tensor)>, IOnnxExportModule
{
    private readonly Conv2d input;
    private readonly Conv2d mask_input;
    private readonly Sequential blocks;
    private readonly Conv2d log_scale;
    private readonly Conv2d shift;
    private readonly Parameter scale;
    private readonly Tensor mask;

    public CouplingNetwork(FlowStep step, long hidden, int blockCount, long kernel) : base(nameof(CouplingNetwork))
    {
        var channels = step.Shape[0];
        var padding = kernel / 2;
        input = nn.Conv2d(channels, hidden, kernel, padding: padding);
        mask_input = nn.Conv2d(channels, hidden, kernel, padding: padding, bias: false);
        blocks = nn.Sequential(Enumerable.Range(0, blockCount).Select(_ => (nn.Module<Tensor, Tensor>)new CouplingResidualBlock(hidden, kernel)).ToArray());
        log_scale = nn.Conv2d(hidden, channels, kernel, padding: padding);
        shift = nn.Conv2d(hidden, channels, kernel, padding: padding);
        using (no_grad())
        {
            foreach (var output in new[] { log_scale, shift })
            {
                output.weight!.zero_();
                output.bias!.zero_();
            }
        }
        scale = nn.Parameter(ones(1, channels, 1, 1));
        mask = tensor(step.MaskValues(), [1, .. step.Shape]);
        RegisterComponents();
    }

    /// <summary>b: [1, C, H, W], 1 on the kept entries.</summary>
    public Tensor Mask => mask;

    /// <summary>(s, m) of the kept entries <paramref name="kept"/> = b ⊙ x, each [N, C, H, W].</summary>
    public override (Tensor, Tensor) forward(Tensor kept)
    {
        var h = F.relu(input.call(kept) + mask_input.call(mask));
        h = F.relu(blocks.call(h));
        return (scale * log_scale.call(h).tanh(), shift.call(h));
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var h = graph.Add(graph.Apply(input, inputs[0]), graph.Apply(mask_input, graph.ParameterValue(mask)));
        h = graph.Unary("Relu", h, t => F.relu(t));
        h = graph.Unary("Relu", graph.Apply(blocks, h), t => F.relu(t));
        var s = graph.Mul(graph.ParameterValue(scale), graph.Unary("Tanh", graph.Apply(log_scale, h), t => t.tanh()));
        return [s, graph.Apply(shift, h)];
    }
}
