namespace Pipeline.Runtime.Packages;

/// <summary>What a diffusion package's denoiser predicts from the noisy sample x_t and the timestep t.</summary>
public enum PredictionType
{
    /// <summary>The noise ε that was added: x_t = √ᾱ_t·x₀ + √(1 − ᾱ_t)·ε (Ho et al. 2020, eq. 4 and 14).</summary>
    Epsilon,
}
