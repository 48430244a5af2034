namespace Pipeline.Runtime.Diffusion;

/// <summary>How a sampler runs the denoiser, decided once from the package and the guidance scale w.</summary>
internal enum GuidanceMode
{
    /// <summary>The package is unconditional: one pass, no label.</summary>
    None,

    /// <summary>w = 1: ε̂ = ε̂(x, c), one pass with the labels.</summary>
    Conditional,

    /// <summary>w = 0: ε̂ = ε̂(x, ∅), one pass with the null (all-zero) label.</summary>
    NullLabel,

    /// <summary>Any other w: the conditional and null-label halves as one batch of 2N, then combined.</summary>
    Guided,
}
