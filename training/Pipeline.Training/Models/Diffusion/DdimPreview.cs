using Pipeline.Tensors;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// A quick deterministic DDIM sampler in libtorch (Song et al. 2021, eq. 12 with η = 0) for sample grids
/// during training. The product's samplers live in the runtime; this one only previews progress.
/// </summary>
public static class DdimPreview
{
    /// <summary>Images [count, C, H, W] in [0, 1]; conditional models draw class i mod K for image i.</summary>
    public static Tensor Sample(DdpmModel model, int count, int steps, long seed)
    {
        var wasTraining = model.Training;
        model.Eval();
        using var noGrad = Torch.NoGrad();
        using var scope = DisposeScope.Enter();
        var device = model.Network.Parameters().First().Device;
        using var generator = new Generator(seed);
        var x = Torch.Randn(new[] { (long)count }.Concat(model.SampleShape).ToArray(), generator, device: device);
        var label = model.ClassCount is int classes
            ? Torch.Arange(count, device: device).Remainder(classes).OneHot(classes).To(DType.Float32)
            : null;
        var alphasCumprod = model.Schedule.AlphasCumprod;
        var timesteps = Enumerable.Range(0, steps).Select(i => (int)((long)(steps - 1 - i) * (model.Timesteps - 1) / Math.Max(1, steps - 1))).ToArray();
        for (var i = 0; i < timesteps.Length; i++)
        {
            using var step = DisposeScope.Enter();
            var t = timesteps[i];
            var alpha = alphasCumprod[t];
            var alphaPrev = i + 1 < timesteps.Length ? alphasCumprod[timesteps[i + 1]] : 1.0;
            var epsilon = model.Network.Forward(x, Torch.Full(new long[] { count }, t, device: device), label);
            // x̂₀ = (z_t − √(1 − ᾱₜ)·ε̂)/√ᾱₜ, clipped; ε̂ recomputed from the clipped x̂₀
            var x0 = ((x - epsilon * Math.Sqrt(1 - alpha)) / Math.Sqrt(alpha)).Clamp(-1, 1);
            epsilon = (x - x0 * Math.Sqrt(alpha)) / Math.Sqrt(1 - alpha);
            // z_{t−1} = √ᾱ_{t−1}·x̂₀ + √(1 − ᾱ_{t−1})·ε̂
            var next = x0 * Math.Sqrt(alphaPrev) + epsilon * Math.Sqrt(1 - alphaPrev);
            x.Copy_(next);
        }
        model.Train(wasTraining);
        return ((x + 1) / 2).Clamp(0, 1).MoveToOuterScope();
    }
}
