using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// A quick deterministic DDIM sampler in TorchSharp (Song et al. 2021, eq. 12 with η = 0) for sample grids
/// during training. The product's samplers live in the runtime; this one only previews progress.
/// </summary>
public static class DdimPreview
{
    /// <summary>Images [count, C, H, W] in [0, 1]; conditional models draw class i mod K for image i.</summary>
    public static Tensor Sample(DdpmModel model, int count, int steps, long seed)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = model.Network.parameters().First().device;
        using var generator = Noise.Seeded(seed);
        var x = Noise.Randn([count, .. model.SampleShape], generator, device);
        var label = model.ClassCount is int classes
            ? F.one_hot(arange(count, device: device).remainder(classes), classes).to(ScalarType.Float32)
            : null;
        var alphasCumprod = model.Schedule.AlphasCumprod;
        var timesteps = Enumerable.Range(0, steps).Select(i => (int)((long)(steps - 1 - i) * (model.Timesteps - 1) / Math.Max(1, steps - 1))).ToArray();
        for (var i = 0; i < timesteps.Length; i++)
        {
            using var step = NewDisposeScope();
            var t = timesteps[i];
            var alpha = alphasCumprod[t];
            var alphaPrev = i + 1 < timesteps.Length ? alphasCumprod[timesteps[i + 1]] : 1.0;
            var epsilon = model.Network.call(x, full([count], t, device: device), label);
            // x̂₀ = (z_t − √(1 − ᾱₜ)·ε̂)/√ᾱₜ, clipped; ε̂ recomputed from the clipped x̂₀
            var x0 = ((x - epsilon * Math.Sqrt(1 - alpha)) / Math.Sqrt(alpha)).clamp(-1, 1);
            epsilon = (x - x0 * Math.Sqrt(alpha)) / Math.Sqrt(1 - alpha);
            // z_{t−1} = √ᾱ_{t−1}·x̂₀ + √(1 − ᾱ_{t−1})·ε̂
            var next = x0 * Math.Sqrt(alphaPrev) + epsilon * Math.Sqrt(1 - alphaPrev);
            x.copy_(next);
        }
        model.train(wasTraining);
        return ((x + 1) / 2).clamp(0, 1).MoveToOuterDisposeScope();
    }
}
