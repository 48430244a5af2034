using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Quantized;

/// <summary>The VQ-VAE's residual block (van den Oord et al. 2017, §4.1): x + Conv1×1(ReLU(Conv3×3(ReLU(x)))).</summary>
public sealed class VqResidualBlock : nn.Module<Tensor, Tensor>, IOnnxExportModule
{
    private readonly Conv2d conv3;
    private readonly Conv2d conv1;

    public VqResidualBlock(long channels) : base(nameof(VqResidualBlock))
    {
        conv3 = nn.Conv2d(channels, channels, 3, padding: 1);
        conv1 = nn.Conv2d(channels, channels, 1);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x + conv1.call(F.relu(conv3.call(F.relu(x))));

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var x = inputs[0];
        var inner = graph.Apply(conv3, graph.Unary("Relu", x, t => F.relu(t)));
        return [graph.Add(x, graph.Apply(conv1, graph.Unary("Relu", inner, t => F.relu(t))))];
    }
}
