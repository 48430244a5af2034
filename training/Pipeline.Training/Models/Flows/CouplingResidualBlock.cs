using Pipeline.Export;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Flows;

/// <summary>A residual block of a coupling's conditioner: x + Conv(ReLU(Conv(ReLU(x)))), both k×k, same width.</summary>
public sealed class CouplingResidualBlock : nn.Module<Tensor, Tensor>, IOnnxExportModule
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;

    public CouplingResidualBlock(long channels, long kernel) : base(nameof(CouplingResidualBlock))
    {
        conv1 = nn.Conv2d(channels, channels, kernel, padding: kernel / 2);
        conv2 = nn.Conv2d(channels, channels, kernel, padding: kernel / 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => x + conv2.call(F.relu(conv1.call(F.relu(x))));

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var x = inputs[0];
        var inner = graph.Apply(conv1, graph.Unary("Relu", x, t => F.relu(t)));
        return [graph.Add(x, graph.Apply(conv2, graph.Unary("Relu", inner, t => F.relu(t))))];
    }
}
