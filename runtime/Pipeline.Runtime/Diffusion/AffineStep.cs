namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// One reverse step from t written as one rule with per-step coefficients, so that it can run as a small graph beside
/// the denoiser (<see cref="SchedulerUpdateGraph"/>) with its constants fed each step:
/// 1. x̂₀ = R·x_t − Q·ε̂, clipped to [−1, 1] when <see cref="Clip"/>;
/// 2. ε̃ = (x_t − S·x̂₀)·U, the noise that the clipped x̂₀ implies, when <see cref="ImpliedNoise"/>; else ε̃ = ε̂;
/// 3. x_prev = A·x̂₀ + B·x_t + C·ε̃ + σ·z.
/// Every DDPM and DDIM step is one such rule (<see cref="IDiffusionScheduler.Affine"/>); it equals
/// <see cref="IDiffusionScheduler.Step"/> up to rounding (it is evaluated in float on the device).
/// </summary>
/// <param name="R">1/√ᾱ_t where x̂₀ is used, else 0.</param>
/// <param name="Q">√(1/ᾱ_t − 1) where x̂₀ is used, else 0.</param>
/// <param name="A">The weight of x̂₀.</param>
/// <param name="B">The weight of x_t.</param>
/// <param name="C">The weight of ε̃.</param>
/// <param name="Sigma">σ_t of the noise z the step adds (0: none).</param>
/// <param name="S">√ᾱ_t (only with <see cref="ImpliedNoise"/>).</param>
/// <param name="U">1/√(1 − ᾱ_t) (only with <see cref="ImpliedNoise"/>).</param>
/// <param name="Clip">Whether x̂₀ is clipped to [−1, 1]; the same for every step of a scheduler.</param>
/// <param name="ImpliedNoise">Whether ε̃ is the noise the clipped x̂₀ implies; the same for every step of a scheduler.</param>
public readonly record struct AffineStep(double R, double Q, double A, double B, double C, double Sigma, double S, double U, bool Clip, bool ImpliedNoise)
{
    /// <summary>The coefficients R, Q, A, B, C, σ, S, U in this order, as the graph's "coefficients" input takes them.</summary>
    public void WriteCoefficients(Span<float> coefficients)
    {
        (coefficients[0], coefficients[1], coefficients[2], coefficients[3]) = ((float)R, (float)Q, (float)A, (float)B);
        (coefficients[4], coefficients[5], coefficients[6], coefficients[7]) = ((float)C, (float)Sigma, (float)S, (float)U);
    }

    /// <summary>Coefficients per step.</summary>
    public const int Count = 8;
}
