namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// The ancestral sampler of Ho et al. 2020, "Denoising Diffusion Probabilistic Models" (Algorithm 2).
/// The constructor is the config; <see cref="SetTimesteps"/> may skip timesteps (then each step uses the
/// variance of the whole jump, β′_t = 1 − ᾱ_t/ᾱ_prev, as diffusers' DDPMScheduler does).
/// </summary>
/// <remarks>
/// Without clipping, a step is eq. 11 plus noise (Algorithm 2, line 4):
/// x_{t−1} = (x_t − β_t/√(1 − ᾱ_t)·ε̂)/√α_t + σ_t·z.
/// With <c>clipSample</c>, the same mean is computed in its posterior form, which is algebraically identical
/// but lets x̂₀ be clipped to [−1, 1] first: x̂₀ = x_t/√ᾱ_t − √(1/ᾱ_t − 1)·ε̂ (eq. 4 solved for x₀), then
/// x_{t−1} = μ̃_t(x_t, x̂₀) + σ_t·z = Coef1_t·x̂₀ + Coef2_t·x_t + σ_t·z (eq. 7). No noise is added on the last step (t = 0).
/// </remarks>
public sealed class DdpmScheduler : IDiffusionScheduler
{
    private readonly SchedulerTimesteps timesteps;

    /// <summary>A DDPM sampler over <paramref name="schedule"/>, visiting all T timesteps until <see cref="SetTimesteps"/>.</summary>
    /// <param name="schedule">The package's constants.</param>
    /// <param name="variance">σ_t² = β̃_t (<see cref="DdpmVariance.FixedSmall"/>) or β_t.</param>
    /// <param name="clipSample">Clip x̂₀ to [−1, 1] (pixel diffusion with pixels in [−1, 1]).</param>
    /// <param name="spacing">How <see cref="SetTimesteps"/> spaces fewer than T steps.</param>
    public DdpmScheduler(NoiseSchedule schedule, DdpmVariance variance = DdpmVariance.FixedSmall, bool clipSample = false,
                         TimestepSpacing spacing = TimestepSpacing.Leading)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (!Enum.IsDefined(variance)) throw new ArgumentOutOfRangeException(nameof(variance), variance, "use FixedSmall or FixedLarge");
        Schedule = schedule;
        Variance = variance;
        ClipSample = clipSample;
        timesteps = new SchedulerTimesteps(schedule.TrainTimesteps, spacing);
    }

    /// <inheritdoc/>
    public NoiseSchedule Schedule { get; }

    /// <summary>The reverse-step variance.</summary>
    public DdpmVariance Variance { get; }

    /// <summary>Whether x̂₀ is clipped to [−1, 1].</summary>
    public bool ClipSample { get; }

    /// <inheritdoc/>
    public ReadOnlySpan<int> Timesteps => timesteps.Timesteps;

    /// <inheritdoc/>
    public void SetTimesteps(int steps) => timesteps.Set(steps);

    /// <inheritdoc/>
    public int PreviousTimestep(int t) => timesteps.Previous(t);

    /// <inheritdoc/>
    public double Sigma(int t)
    {
        var prev = timesteps.Previous(t);
        if (prev < 0) return 0;                                           // the last step returns the mean
        var (beta, _) = Jump(t, prev);
        return Variance == DdpmVariance.FixedLarge
            ? Math.Sqrt(beta)                                             // σ_t² = β_t
            : Math.Sqrt(beta * (1 - Schedule.AlphaCumprodAt(prev)) / (1 - Schedule.AlphasCumprod[t]));   // σ_t² = β̃_t
    }

    /// <inheritdoc/>
    public void Step(ReadOnlySpan<float> epsilon, int t, Span<float> sample, ReadOnlySpan<float> noise)
    {
        var prev = timesteps.Previous(t);
        var sigma = Sigma(t);
        SchedulerTimesteps.CheckStep(epsilon.Length, sample.Length, noise.Length, sigma > 0);
        var (beta, alpha) = Jump(t, prev);
        var alphaProd = Schedule.AlphasCumprod[t];                        // ᾱ_t
        var alphaProdPrev = Schedule.AlphaCumprodAt(prev);                // ᾱ_{t−1} (1 after the last step)

        if (!ClipSample)
        {
            // 1. Eq. 11: μ_θ(x_t, t) = (x_t − β_t/√(1 − ᾱ_t)·ε̂)/√α_t.
            var epsilonCoef = beta / Math.Sqrt(1 - alphaProd);
            var sampleCoef = 1 / Math.Sqrt(alpha);
            for (var i = 0; i < sample.Length; i++)
            {
                var mean = (sample[i] - epsilonCoef * epsilon[i]) * sampleCoef;
                // 2. Algorithm 2, line 4: x_{t−1} = μ_θ + σ_t·z.
                sample[i] = (float)(sigma > 0 ? mean + sigma * noise[i] : mean);
            }
            return;
        }

        // 1. x̂₀ = x_t/√ᾱ_t − √(1/ᾱ_t − 1)·ε̂, clipped to [−1, 1].
        var recip = Schedule.SqrtRecipAlphasCumprod[t];
        var recipM1 = Schedule.SqrtRecipM1AlphasCumprod[t];
        // 2. Eq. 7: μ̃_t = β_t·√ᾱ_{t−1}/(1 − ᾱ_t)·x̂₀ + (1 − ᾱ_{t−1})·√α_t/(1 − ᾱ_t)·x_t.
        var coef1 = beta * Math.Sqrt(alphaProdPrev) / (1 - alphaProd);
        var coef2 = (1 - alphaProdPrev) * Math.Sqrt(alpha) / (1 - alphaProd);
        for (var i = 0; i < sample.Length; i++)
        {
            var x0 = Math.Clamp(recip * sample[i] - recipM1 * epsilon[i], -1.0, 1.0);
            var mean = coef1 * x0 + coef2 * sample[i];
            // 3. x_{t−1} = μ̃_t + σ_t·z.
            sample[i] = (float)(sigma > 0 ? mean + sigma * noise[i] : mean);
        }
    }

    /// <summary>β and α of the jump from <paramref name="prev"/> to t: the schedule's own when prev = t − 1, else 1 − ᾱ_t/ᾱ_prev.</summary>
    private (double Beta, double Alpha) Jump(int t, int prev)
    {
        if (prev == t - 1) return (Schedule.Betas[t], Schedule.Alphas[t]);
        var alpha = Schedule.AlphasCumprod[t] / Schedule.AlphaCumprodAt(prev);
        return (1 - alpha, alpha);
    }
}
