using TorchSharp.Modules;
using TorchSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Export.Networks;

/// <summary>
/// A conditional VAE's exported encoder: image [N, 1, H, W], label [N, C] → (μ, log σ²) of q(z | x, c), from
/// h = encoder([flatten(x), c]). Shares the model's layers and their state-dict names.
/// </summary>
public sealed class ConditionalGaussianEncoder : nn.Module<Tensor, Tensor, (Tensor Mean, Tensor LogVar)>, IOnnxExportModule
{
    private readonly Flatten flatten = nn.Flatten();
    private readonly Sequential encoder;
    private readonly Linear mean;
    [ComponentName(Name = "log_var")]
    private readonly Linear logVar;

    public ConditionalGaussianEncoder(Sequential encoder, Linear mean, Linear logVar) : base(nameof(ConditionalGaussianEncoder))
    {
        this.encoder = encoder;
        this.mean = mean;
        this.logVar = logVar;
        RegisterComponents();
    }

    public override (Tensor Mean, Tensor LogVar) forward(Tensor image, Tensor label)
    {
        using var h = encoder.call(cat([flatten.call(image), label], 1));
        return (mean.call(h), logVar.call(h));
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var h = graph.Apply(encoder, graph.Concat(1, graph.Apply(flatten, inputs[0]), inputs[1]));
        return [graph.Apply(mean, h), graph.Apply(logVar, h)];
    }
}
