namespace Pipeline.Export;

/// <summary>What the values of a <see cref="NetworkInput"/> look like.</summary>
public enum InputValues
{
    /// <summary>Anything; examples are standard normal (latent codes, noisy samples).</summary>
    Normal,

    /// <summary>Pixel intensities in [0, 1].</summary>
    UnitInterval,

    /// <summary>One-hot class rows [N, K].</summary>
    OneHot,

    /// <summary>Diffusion timesteps [N], whole numbers in [0, 1000).</summary>
    Timestep,

    /// <summary>Whole numbers in [0, <see cref="NetworkInput.Bound"/>) stored as floats (positions, category values).</summary>
    Index,
}
