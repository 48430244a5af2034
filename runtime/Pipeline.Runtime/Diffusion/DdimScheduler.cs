namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// Song et al. 2021, "Denoising Diffusion Implicit Models": eq. 12 over any subsequence of the timesteps, with the
/// noise level σ_t(η) of eq. 16. η = 0 is deterministic (the only randomness is the initial x_T); η = 1 with all T
/// steps is DDPM with σ_t² = β̃_t. (The paper's α_t is ᾱ_t here.)
/// </summary>
/// <remarks>
/// With clipSample, x̂₀ is clipped to [−1, 1] and the direction term uses the ε̂ that the clipped x̂₀ implies,
/// (x_t − √ᾱ_t·x̂₀)/√(1 − ᾱ_t) (diffusers' use_clipped_model_output), so η = 1 over all steps stays DDPM's clipped step.
/// The last step goes to ᾱ = 1, so it returns x̂₀.
/// </remarks>
public sealed class DdimScheduler : IDiffusionScheduler
{
    private readonly SchedulerTimesteps timesteps;

    /// <summary>A DDIM sampler over <paramref name="schedule"/>, visiting all T timesteps until <see cref="SetTimesteps"/>.</summary>
    /// <param name="schedule">The package's constants.</param>
    /// <param name="eta">η ≥ 0 of eq. 16: 0 is deterministic, 1 is DDPM's posterior variance.</param>
    /// <param name="clipSample">Clip x̂₀ to [−1, 1] (pixel diffusion with pixels in [−1, 1]).</param>
    /// <param name="spacing">How <see cref="SetTimesteps"/> spaces the steps (e.g. 50 of 1000).</param>
    public DdimScheduler(NoiseSchedule schedule, double eta = 0.0, bool clipSample = false, TimestepSpacing spacing = TimestepSpacing.Leading)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!double.IsFinite(eta) || eta < 0) throw new ArgumentOutOfRangeException(nameof(eta), eta, "η must be a finite number ≥ 0 (0: deterministic DDIM, 1: DDPM-like)");
        Schedule = schedule;
        Eta = eta;
        ClipSample = clipSample;
        timesteps = new SchedulerTimesteps(schedule.TrainTimesteps, spacing);
    }

    /// <inheritdoc/>
    public NoiseSchedule Schedule { get; }

    /// <summary>η of eq. 16.</summary>
    public double Eta { get; }

    /// <summary>Whether x̂₀ is clipped to [−1, 1].</summary>
    public bool ClipSample { get; }

    /// <inheritdoc/>
    public ReadOnlySpan<int> Timesteps => timesteps.Timesteps;

    /// <inheritdoc/>
    public void SetTimesteps(int steps) => timesteps.Set(steps);

    /// <inheritdoc/>
    public int PreviousTimestep(int t) => timesteps.Previous(t);

    /// <summary>Eq. 16: σ_t(η) = η·√((1 − ᾱ_prev)/(1 − ᾱ_t))·√(1 − ᾱ_t/ᾱ_prev); 0 on the last step.</summary>
    public double Sigma(int t)
    {
        var alphaProd = Schedule.AlphasCumprod[t];
        var alphaProdPrev = Schedule.AlphaCumprodAt(timesteps.Previous(t));
        return Eta * Math.Sqrt((1 - alphaProdPrev) / (1 - alphaProd)) * Math.Sqrt(1 - alphaProd / alphaProdPrev);
    }

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<float> epsilon, int t, Span<float> sample, ReadOnlySpan<float> noise)
    {
        var sigma = Sigma(t);
        SchedulerTimesteps.CheckStep(epsilon.Length, sample.Length, noise.Length, sigma > 0);
        var alphaProd = Schedule.AlphasCumprod[t];                            // ᾱ_t
        var alphaProdPrev = Schedule.AlphaCumprodAt(timesteps.Previous(t));   // ᾱ_prev (1 after the last step)
        var sqrtOneMinusAlphaProd = Math.Sqrt(1 - alphaProd);
        var sqrtAlphaProd = Math.Sqrt(alphaProd);
        var sqrtAlphaProdPrev = Math.Sqrt(alphaProdPrev);
        // √(1 − ᾱ_prev − σ_t²): the "direction pointing to x_t"; clamped at 0 for η > 1, outside the paper's family.
        var direction = Math.Sqrt(Math.Max(0, 1 - alphaProdPrev - sigma * sigma));
        for (var i = 0; i < sample.Length; i++)
        {
            // 1. Eq. 12, "predicted x₀": (x_t − √(1 − ᾱ_t)·ε̂)/√ᾱ_t.
            double noisePrediction = epsilon[i];
            var x0 = (sample[i] - sqrtOneMinusAlphaProd * noisePrediction) / sqrtAlphaProd;
            if (ClipSample && Math.Abs(x0) > 1)
            {
                // 2. Clipped x̂₀, and the ε̂ it implies: x_t = √ᾱ_t·x̂₀ + √(1 − ᾱ_t)·ε̂ still holds.
                x0 = Math.Clamp(x0, -1.0, 1.0);
                noisePrediction = (sample[i] - sqrtAlphaProd * x0) / sqrtOneMinusAlphaProd;
            }
            // 3. Eq. 12: x_prev = √ᾱ_prev·x̂₀ + √(1 − ᾱ_prev − σ_t²)·ε̂ + σ_t·ε.
            var value = sqrtAlphaProdPrev * x0 + direction * noisePrediction;
            sample[i] = (float)(sigma > 0 ? value + sigma * noise[i] : value);
        }
    }

    /// <inheritdoc/>
    public AffineStep Affine(int t)
    {
        var sigma = Sigma(t);
        var alphaProd = Schedule.AlphasCumprod[t];                            // ᾱ_t
        var alphaProdPrev = Schedule.AlphaCumprodAt(timesteps.Previous(t));   // ᾱ_prev (1 after the last step)
        var (sqrtAlphaProd, sqrtOneMinusAlphaProd) = (Math.Sqrt(alphaProd), Math.Sqrt(1 - alphaProd));
        // Eq. 12: x̂₀ = (x_t − √(1 − ᾱ_t)·ε̂)/√ᾱ_t; x_prev = √ᾱ_prev·x̂₀ + √(1 − ᾱ_prev − σ_t²)·ε̃ + σ_t·ε.
        return new AffineStep(1 / sqrtAlphaProd, sqrtOneMinusAlphaProd / sqrtAlphaProd, Math.Sqrt(alphaProdPrev), 0,
                              Math.Sqrt(Math.Max(0, 1 - alphaProdPrev - sigma * sigma)), sigma, sqrtAlphaProd, 1 / sqrtOneMinusAlphaProd,
                              Clip: ClipSample, ImpliedNoise: ClipSample);
    }
}
