using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// The forward process of DDPM (Ho et al. 2020, eq. 2–4): β linear from <see cref="BetaStart"/> to
/// <see cref="BetaEnd"/> over T steps, αₜ = 1 − βₜ, ᾱₜ = ∏ₖ≤ₜ αₖ, and q(z_t | x₀) = N(√ᾱₜ·x₀, (1 − ᾱₜ)·I).
/// Constants are computed in float64; the tensors used in training are float32 [T], kept per device.
/// </summary>
public sealed class NoiseSchedule : IDisposable
{
    private readonly Dictionary<string, (Tensor SqrtAlphasCumprod, Tensor SqrtOneMinusAlphasCumprod)> onDevice = new();

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
    }

    public int Timesteps { get; }
    public double BetaStart { get; }
    public double BetaEnd { get; }

    /// <summary>βₜ, t = 0..T−1 (float64).</summary>
    public double[] Betas { get; }

    /// <summary>ᾱₜ = ∏ₖ≤ₜ (1 − βₖ) (float64).</summary>
    public double[] AlphasCumprod { get; }

    /// <summary>z_t = √ᾱₜ·x₀ + √(1 − ᾱₜ)·ε (eq. 4), for per-sample timesteps t: [N] int64; x₀, ε: [N, ...].</summary>
    public Tensor AddNoise(Tensor x0, Tensor noise, Tensor timesteps)
    {
        var (sqrtAlpha, sqrtOneMinusAlpha) = Constants(x0.device);
        var shape = new[] { x0.size(0) }.Concat(Enumerable.Repeat(1L, (int)x0.dim() - 1)).ToArray();   // [N, 1, …]
        var a = sqrtAlpha.index_select(0, timesteps).reshape(shape);
        var b = sqrtOneMinusAlpha.index_select(0, timesteps).reshape(shape);
        return a * x0 + b * noise;
    }

    /// <summary>√ᾱₜ and √(1 − ᾱₜ) as float32 [T] on <paramref name="device"/>, made once per device.</summary>
    private (Tensor, Tensor) Constants(Device device)
    {
        var key = device.ToString();
        if (onDevice.TryGetValue(key, out var constants)) return constants;
        constants = (
            tensor(AlphasCumprod.Select(a => (float)Math.Sqrt(a)).ToArray()).to(device).DetachFromDisposeScope(),
            tensor(AlphasCumprod.Select(a => (float)Math.Sqrt(1 - a)).ToArray()).to(device).DetachFromDisposeScope());
        onDevice[key] = constants;
        return constants;
    }

    public void Dispose()
    {
        foreach (var (a, b) in onDevice.Values)
        {
            a.Dispose();
            b.Dispose();
        }
        onDevice.Clear();
    }
}
