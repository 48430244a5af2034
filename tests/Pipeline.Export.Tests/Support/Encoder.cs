using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace Pipeline.Export.Tests.Support;

/// <summary>A module with two outputs (a VAE encoder's mean and log-variance) over a Sequential trunk.</summary>
internal sealed class Encoder : torch.nn.Module<torch.Tensor, (torch.Tensor, torch.Tensor)>, IOnnxExportModule
{
    private readonly Sequential trunk;
    private readonly Linear mean;
    private readonly Linear logVariance;

    public Encoder() : base(nameof(Encoder))
    {
        trunk = Sequential(Flatten(), Linear(16, 8), ReLU());
        mean = Linear(8, 2);
        logVariance = Linear(8, 2);
        RegisterComponents();
    }

    public override (torch.Tensor, torch.Tensor) forward(torch.Tensor x)
    {
        var h = trunk.call(x);
        return (mean.call(h), logVariance.call(h));
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var h = graph.Apply(trunk, inputs[0]);
        return [graph.Apply(mean, h), graph.Apply(logVariance, h)];
    }
}
