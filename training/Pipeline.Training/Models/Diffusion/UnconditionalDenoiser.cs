using Pipeline.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Diffusion;

/// <summary>An unconditional DDPM's exported denoiser: ε_θ(sample, timestep) = unet(sample, timestep, no label).</summary>
public sealed class UnconditionalDenoiser : nn.Module<Tensor, Tensor, Tensor>, IOnnxExportModule
{
    private readonly UNet unet;

    public UnconditionalDenoiser(UNet unet) : base(nameof(UnconditionalDenoiser))
    {
        this.unet = unet;
        RegisterComponents();
    }

    public override Tensor forward(Tensor sample, Tensor timestep) => unet.call(sample, timestep, null);

    public OnnxValue[] ExportOnnx(OnnxGraphBuilder graph, OnnxValue[] inputs) =>
        graph.Apply(unet, () => [forward(inputs[0].RequireExample(), inputs[1].RequireExample())], inputs);
}
