using System.Numerics;

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
            // 1. Eq. 11: μ_θ(x_t, t) = (x_t − β_t/√(1 − ᾱ_t)·ε̂)/√α_t; 2. Algorithm 2, line 4: x_{t−1} = μ_θ + σ_t·z.
            PosteriorStep(sample, epsilon, noise, beta / Math.Sqrt(1 - alphaProd), 1 / Math.Sqrt(alpha), sigma);
            return;
        }

        // 1. x̂₀ = x_t/√ᾱ_t − √(1/ᾱ_t − 1)·ε̂, clipped to [−1, 1].
        // 2. Eq. 7: μ̃_t = β_t·√ᾱ_{t−1}/(1 − ᾱ_t)·x̂₀ + (1 − ᾱ_{t−1})·√α_t/(1 − ᾱ_t)·x_t; 3. x_{t−1} = μ̃_t + σ_t·z.
        ClippedPosteriorStep(sample, epsilon, noise, Schedule.SqrtRecipAlphasCumprod[t], Schedule.SqrtRecipM1AlphasCumprod[t],
                             beta * Math.Sqrt(alphaProdPrev) / (1 - alphaProd), (1 - alphaProdPrev) * Math.Sqrt(alpha) / (1 - alphaProd), sigma);
    }

    /// <inheritdoc/>
    public AffineStep Affine(int t)
    {
        var prev = timesteps.Previous(t);
        var (beta, alpha) = Jump(t, prev);
        var alphaProd = Schedule.AlphasCumprod[t];                        // ᾱ_t
        var alphaProdPrev = Schedule.AlphaCumprodAt(prev);                // ᾱ_{t−1} (1 after the last step)
        if (!ClipSample)
        {
            // Eq. 11 as B·x_t + C·ε̂: B = 1/√α_t, C = −β_t/√(1 − ᾱ_t) · 1/√α_t.
            var b = 1 / Math.Sqrt(alpha);
            return new AffineStep(0, 0, 0, b, -beta / Math.Sqrt(1 - alphaProd) * b, Sigma(t), 0, 0, Clip: false, ImpliedNoise: false);
        }
        // x̂₀ = x_t/√ᾱ_t − √(1/ᾱ_t − 1)·ε̂ clipped; eq. 7: μ̃_t = β_t·√ᾱ_{t−1}/(1 − ᾱ_t)·x̂₀ + (1 − ᾱ_{t−1})·√α_t/(1 − ᾱ_t)·x_t.
        return new AffineStep(Schedule.SqrtRecipAlphasCumprod[t], Schedule.SqrtRecipM1AlphasCumprod[t],
                              beta * Math.Sqrt(alphaProdPrev) / (1 - alphaProd), (1 - alphaProdPrev) * Math.Sqrt(alpha) / (1 - alphaProd), 0,
                              Sigma(t), 0, 0, Clip: true, ImpliedNoise: false);
    }

    // The updates below run on vectors of doubles where the processor has them, with the same operations in the same
    // order as the scalar loop that finishes the tail: the results are the same bits either way, only sooner.

    /// <summary>x ← (x − a·ε)·b + σ·z (the σ·z term only when σ > 0).</summary>
    private static void PosteriorStep(Span<float> sample, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> noise, double a, double b, double sigma)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (va, vb, vs) = (new Vector<double>(a), new Vector<double>(b), new Vector<double>(sigma));
            for (; i + Vector<float>.Count <= sample.Length; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(sample[i..]), out var x0, out var x1);
                Vector.Widen(new Vector<float>(epsilon[i..]), out var e0, out var e1);
                var (m0, m1) = ((x0 - va * e0) * vb, (x1 - va * e1) * vb);
                if (sigma > 0)
                {
                    Vector.Widen(new Vector<float>(noise[i..]), out var z0, out var z1);
                    (m0, m1) = (m0 + vs * z0, m1 + vs * z1);
                }
                Vector.Narrow(m0, m1).CopyTo(sample[i..]);
            }
        }
        for (; i < sample.Length; i++)
        {
            var mean = (sample[i] - a * epsilon[i]) * b;
            sample[i] = (float)(sigma > 0 ? mean + sigma * noise[i] : mean);
        }
    }

    /// <summary>x̂₀ = clamp(r·x − q·ε, −1, 1); x ← c₁·x̂₀ + c₂·x + σ·z (the σ·z term only when σ > 0).</summary>
    private static void ClippedPosteriorStep(Span<float> sample, ReadOnlySpan<float> epsilon, ReadOnlySpan<float> noise,
                                             double r, double q, double c1, double c2, double sigma)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (vr, vq, vc1, vc2, vs) = (new Vector<double>(r), new Vector<double>(q), new Vector<double>(c1), new Vector<double>(c2), new Vector<double>(sigma));
            var (lower, upper) = (new Vector<double>(-1.0), new Vector<double>(1.0));
            for (; i + Vector<float>.Count <= sample.Length; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(sample[i..]), out var x0, out var x1);
                Vector.Widen(new Vector<float>(epsilon[i..]), out var e0, out var e1);
                // Min/Max clamp like Math.Clamp for every number (a NaN ε̂ would come out clamped instead of NaN).
                var p0 = Vector.Min(Vector.Max(vr * x0 - vq * e0, lower), upper);
                var p1 = Vector.Min(Vector.Max(vr * x1 - vq * e1, lower), upper);
                var (m0, m1) = (vc1 * p0 + vc2 * x0, vc1 * p1 + vc2 * x1);
                if (sigma > 0)
                {
                    Vector.Widen(new Vector<float>(noise[i..]), out var z0, out var z1);
                    (m0, m1) = (m0 + vs * z0, m1 + vs * z1);
                }
                Vector.Narrow(m0, m1).CopyTo(sample[i..]);
            }
        }
        for (; i < sample.Length; i++)
        {
            var x0 = Math.Clamp(r * sample[i] - q * epsilon[i], -1.0, 1.0);
            var mean = c1 * x0 + c2 * sample[i];
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
