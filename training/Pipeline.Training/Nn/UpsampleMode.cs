namespace Pipeline.Nn;

/// <summary>Interpolation of <see cref="Functional.Upsample(Pipeline.Tensors.Tensor, Pair, UpsampleMode, bool)"/>.</summary>
public enum UpsampleMode
{
    Nearest = 0,
    Bilinear = 1,
}
