using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>The step network of an unconditional PixelCNN: patches → (logits, centres), no label input.</summary>
public sealed class UnconditionalPixelCnnStep : nn.Module<Tensor, (Tensor, Tensor)>, IOnnxExportModule
{
    private readonly PixelCnnStep step;

    public UnconditionalPixelCnnStep(PixelCnnStep step) : base(nameof(UnconditionalPixelCnnStep))
    {
        this.step = step;
        RegisterComponents();
    }

    public override (Tensor, Tensor) forward(Tensor patches) => step.call(patches, null);

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) =>
        graph.Apply(step, () => { var (l, c) = forward(inputs[0].RequireExample()); return [l, c]; }, inputs);
}
