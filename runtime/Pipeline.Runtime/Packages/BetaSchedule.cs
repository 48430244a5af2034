namespace Pipeline.Runtime.Packages;

/// <summary>How a diffusion package's variances β₁..β_T were chosen (the package also carries the values).</summary>
public enum BetaSchedule
{
    /// <summary>β_t rises linearly from beta_start to beta_end (Ho et al. 2020: 10⁻⁴ to 0.02 over T = 1000).</summary>
    Linear,
}
