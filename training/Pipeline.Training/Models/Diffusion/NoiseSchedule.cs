using Pipeline.Tensors;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// The forward process of DDPM (Ho et al. 2020, eq. 2–4): β linear from <see cref="BetaStart"/> to
/// <see cref="BetaEnd"/> over T steps, αₜ = 1 − βₜ, ᾱₜ = ∏ₖ≤ₜ αₖ, and q(z_t | x₀) = N(√ᾱₜ·x₀, (1 − ᾱₜ)·I).
/// Constants are computed in float64; the tensors used in training are float32 [T].
/// </summary>
public sealed class NoiseSchedule : IDisposable
{
    public NoiseSchedule(int timesteps = 1000, double betaStart = 1e-4, double betaEnd = 0.02)
    {
        if (timesteps < 2) throw new ArgumentException($"a schedule needs at least 2 steps, got {timesteps}");
        if (betaStart is <= 0 or >= 1 || betaEnd is <= 0 or >= 1) throw new ArgumentException($"betas must be in (0, 1), got {betaStart} and {betaEnd}");
        Timesteps = timesteps;
        BetaStart = betaStart;
        BetaEnd = betaEnd;
        Betas = Enumerable.Range(0, timesteps).Select(t => betaStart + (betaEnd - betaStart) * t / (timesteps - 1)).ToArray();
        AlphasCumprod = new double[timesteps];
        var product = 1.0;
        for (var t = 0; t < timesteps; t++) AlphasCumprod[t] = product *= 1 - Betas[t];
        SqrtAlphasCumprod = Tensor.From(AlphasCumprod.Select(a => (float)Math.Sqrt(a)).ToArray()).DetachFromDisposeScope();
        SqrtOneMinusAlphasCumprod = Tensor.From(AlphasCumprod.Select(a => (float)Math.Sqrt(1 - a)).ToArray()).DetachFromDisposeScope();
    }

    public int Timesteps { get; }
    public double BetaStart { get; }
    public double BetaEnd { get; }

    /// <summary>βₜ, t = 0..T−1 (float64).</summary>
    public double[] Betas { get; }

    /// <summary>ᾱₜ = ∏ₖ≤ₜ (1 − βₖ) (float64).</summary>
    public double[] AlphasCumprod { get; }

    /// <summary>√ᾱₜ, float32 [T].</summary>
    public Tensor SqrtAlphasCumprod { get; }

    /// <summary>√(1 − ᾱₜ), float32 [T].</summary>
    public Tensor SqrtOneMinusAlphasCumprod { get; }

    /// <summary>z_t = √ᾱₜ·x₀ + √(1 − ᾱₜ)·ε (eq. 4), for per-sample timesteps t: [N] int64; x₀, ε: [N, ...].</summary>
    public Tensor AddNoise(Tensor x0, Tensor noise, Tensor timesteps)
    {
        using var scope = DisposeScope.Enter();
        var shape = new[] { x0.Size(0) }.Concat(Enumerable.Repeat(1L, x0.Dim - 1)).ToArray();
        var a = SqrtAlphasCumprod.To(x0.Device).IndexSelect(0, timesteps).Reshape(shape);
        var b = SqrtOneMinusAlphasCumprod.To(x0.Device).IndexSelect(0, timesteps).Reshape(shape);
        return (a * x0 + b * noise).MoveToOuterScope();
    }

    public void Dispose()
    {
        SqrtAlphasCumprod.Dispose();
        SqrtOneMinusAlphasCumprod.Dispose();
    }
}
