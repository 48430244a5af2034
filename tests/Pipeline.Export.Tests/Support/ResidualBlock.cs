using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Pipeline.Export.Tests.Support;

/// <summary>A user's custom module whose forward is more than a chain: y = x + conv2(relu(conv1(x))) · scale.</summary>
internal sealed class ResidualBlock : torch.nn.Module<torch.Tensor, torch.Tensor>, IOnnxExportModule
{
    private readonly Conv2d conv1;
    private readonly Conv2d conv2;
    private readonly Parameter scale;

    public ResidualBlock(long channels) : base(nameof(ResidualBlock))
    {
        conv1 = Conv2d(channels, channels, 3, padding: 1);
        conv2 = Conv2d(channels, channels, 3, padding: 1);
        scale = Parameter(torch.full(1, 0.5f));
        RegisterComponents();
    }

    public override torch.Tensor forward(torch.Tensor x) => x + conv2.call(functional.relu(conv1.call(x))) * scale;

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var x = inputs[0];
        var h = graph.Unary("Relu", graph.Apply(conv1, x), t => functional.relu(t));
        return [graph.Add(x, graph.Mul(graph.Apply(conv2, h), graph.ParameterValue(scale)))];
    }
}
