using TorchSharp.Modules;
using TorchSharp.Utils;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Export.Networks;

/// <summary>
/// A VAE's exported encoder: image [N, 1, H, W] → (μ, log σ²) = (mean(h), log_var(h)), h = encoder(flatten(x)) for a
/// fully connected trunk or encoder(x) for a convolutional one. Shares the VAE's layers and their state-dict names.
/// </summary>
public sealed class GaussianEncoder : nn.Module<Tensor, (Tensor Mean, Tensor LogVar)>, IOnnxExportModule
{
    private readonly nn.Module<Tensor, Tensor> flatten;
    private readonly Sequential encoder;
    private readonly Linear mean;
    [ComponentName(Name = "log_var")]
    private readonly Linear logVar;

    public GaussianEncoder(bool flat, Sequential encoder, Linear mean, Linear logVar) : base(nameof(GaussianEncoder))
    {
        flatten = flat ? nn.Flatten() : nn.Identity();
        this.encoder = encoder;
        this.mean = mean;
        this.logVar = logVar;
        RegisterComponents();
    }

    public override (Tensor Mean, Tensor LogVar) forward(Tensor image)
    {
        using var h = encoder.call(flatten.call(image));
        return (mean.call(h), logVar.call(h));
    }

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs)
    {
        var h = graph.Apply(encoder, graph.Apply(flatten, inputs[0]));
        return [graph.Apply(mean, h), graph.Apply(logVar, h)];
    }
}
