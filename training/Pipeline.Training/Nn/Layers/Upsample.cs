using Pipeline.Tensors;

namespace Pipeline.Nn.Layers;

/// <summary>Upsampling of [N, C, H, W] by an integer factor.</summary>
public sealed class Upsample : Module<Tensor, Tensor>
{
    public Upsample(int scaleFactor = 2, UpsampleMode mode = UpsampleMode.Nearest)
    {
        ScaleFactor = scaleFactor;
        Mode = mode;
    }

    public int ScaleFactor { get; }
    public UpsampleMode Mode { get; }

    public override Tensor Forward(Tensor input) => Functional.Upsample(input, ScaleFactor, Mode);
}
