using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Support;

/// <summary>
/// The sampling loop written out by hand from the documented rules, against <see cref="ToyDiffusion"/>'s C# ε̂:
/// item n draws x_T and then each step's noise (only when σ_t &gt; 0) from the stream of ItemSeed(seed, n);
/// guidance ε̂ = ε̂∅ + w·(ε̂c − ε̂∅), one pass when w is 0 or 1.
/// </summary>
internal static class ReferenceLoop
{
    /// <summary>Final samples x₀ in the denoiser's space, [count, D].</summary>
    public static float[] Run(ToyDiffusion toy, IDiffusionScheduler scheduler, long seed, int count, int[]? labels = null, double w = 1)
    {
        var d = toy.SampleSize;
        var randoms = Enumerable.Range(0, count).Select(n => new SeededRandom(NoiseStreams.ItemSeed(seed, n))).ToArray();
        var x = new float[count * d];
        for (var n = 0; n < count; n++) randoms[n].FillNormal(x.AsSpan(n * d, d));
        var epsilon = new float[count * d];
        var conditional = new float[d];
        var noise = new float[count * d];
        foreach (var t in scheduler.Timesteps.ToArray())
        {
            for (var n = 0; n < count; n++)
            {
                var item = x.AsSpan(n * d, d);
                var target = epsilon.AsSpan(n * d, d);
                if (labels is null || w == 0) toy.Epsilon(item, t, null, target);
                else if (w == 1) toy.Epsilon(item, t, labels[n], target);
                else
                {
                    toy.Epsilon(item, t, null, target);
                    toy.Epsilon(item, t, labels[n], conditional);
                    for (var j = 0; j < d; j++) target[j] += (float)w * (conditional[j] - target[j]);
                }
            }
            var sigma = scheduler.Sigma(t);
            if (sigma > 0)
                for (var n = 0; n < count; n++) randoms[n].FillNormal(noise.AsSpan(n * d, d));
            scheduler.Step(epsilon, t, x, sigma > 0 ? noise : ReadOnlySpan<float>.Empty);
        }
        return x;
    }

    /// <summary>Pixels in [−1, 1] as intensities in [0, 1], clamped.</summary>
    public static float[] ToIntensities(float[] x) => x.Select(v => Math.Clamp((v + 1) / 2, 0f, 1f)).ToArray();
}
