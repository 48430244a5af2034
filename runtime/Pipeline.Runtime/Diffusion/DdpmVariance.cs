namespace Pipeline.Runtime.Diffusion;

/// <summary>The variance σ_t² of the DDPM reverse step (Ho et al. 2020, §3.2: both give similar results).</summary>
public enum DdpmVariance
{
    /// <summary>σ_t² = β̃_t = β_t·(1 − ᾱ_{t−1})/(1 − ᾱ_t), optimal for x₀ deterministic (the smaller one).</summary>
    FixedSmall,

    /// <summary>σ_t² = β_t, optimal for x₀ ~ N(0, I) (the larger one).</summary>
    FixedLarge,
}
