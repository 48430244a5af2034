using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Models.Adversarial;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Adversarial;

/// <summary>A tiny WGAN-GP of 2-D points learns all eight modes of the eight-Gaussians mixture.</summary>
public sealed class ToyGanTests
{
    private const double Radius = 2, Std = 0.1;

    /// <summary>Runs the model's phases as the trainer does, on fresh batches of the mixture.</summary>
    private static void Train(Gan gan, int batches, int batchSize, double learningRate, double beta1)
    {
        var phases = gan.Phases;
        var optimizers = phases.Select(p => optim.Adam(p.Module.parameters(), learningRate, beta1, 0.9)).ToList();
        using var data = Noise.Seeded(3);
        using var noise = Noise.Seeded(4);
        for (var step = 0; step < batches; step++)
        {
            using var scope = NewDisposeScope();
            var points = Toy2D.EightGaussians(batchSize, Std, Radius, data).reshape(batchSize, 2, 1, 1);
            using var batch = new Batch(points, zeros(batchSize, ScalarType.Int64), new int[batchSize]);
            for (var k = 0; k < phases.Count; k++)
            {
                if (step % phases[k].Every != phases[k].Every - 1) continue;
                gan.zero_grad();
                phases[k].Loss(batch, noise).Total.backward();
                optimizers[k].step();
            }
        }
        foreach (var optimizer in optimizers) optimizer.Dispose();
    }

    /// <summary>
    /// The non-saturating GAN learns fast; WGAN-GP's critic steps and lower pace need more batches for the same picture.
    /// Adam's β₁ is each game's own, as `tools/pipeline train gan` sets it: Radford et al.'s 0.5, Gulrajani et al.'s 0 for
    /// WGAN-GP. With 0.5 the WGAN-GP run depends on the seed and the processor: on an Intel Xeon it covered 3 and 6 of
    /// the 8 modes with seeds 2 and 3 (all 8 with seed 4), where β₁ = 0 covered all 8 with at least 314 of 4,000 samples
    /// each, 78–85% of them within 5σ of a mode, for seeds 2, 3 and 4.
    /// </summary>
    public static IEnumerable<TestCaseData> Games()
    {
        yield return new TestCaseData(AdversarialLoss.NonSaturating, 1, 4000, 0.5, 0.25, 0.8).SetArgDisplayNames("non-saturating, k = 1, 4000 batches");
        yield return new TestCaseData(AdversarialLoss.Wasserstein, 5, 10000, 0.0, 0.25, 0.6).SetArgDisplayNames("WGAN-GP, n_critic = 5, 10000 batches");
    }

    [TestCaseSource(nameof(Games))]
    public void ATinyGanCoversAllEightModes(AdversarialLoss loss, int k, int batches, double beta1, double minimumShare, double minimumNear)
    {
        random.manual_seed(2);
        using var gan = new Gan(GanConfig.Toy with { Loss = loss, DiscriminatorSteps = k });
        Train(gan, batches, batchSize: 256, learningRate: 1e-3, beta1);

        using var scope = NewDisposeScope();
        using var noise = Noise.Seeded(9);
        const int count = 4000;
        var samples = gan.SampleImages(count, noise).reshape(count, 2);
        var angles = Enumerable.Range(0, 8).Select(m => 2 * Math.PI * m / 8).ToArray();
        var centres = tensor(angles.SelectMany(a => new[] { Radius * Math.Cos(a), Radius * Math.Sin(a) }).ToArray(), [8, 2]).to(float32);
        var distances = (samples.unsqueeze(1) - centres.unsqueeze(0)).pow(2).sum(2).sqrt();   // [count, 8]
        var (nearest, mode) = distances.min(1);
        var close = nearest.le(5 * Std);
        var perMode = Enumerable.Range(0, 8).Select(m => (mode.eq(m) & close).sum().item<long>()).ToArray();
        TestContext.Out.WriteLine($"samples within 5σ of each mode: {string.Join(", ", perMode)} of {count}; near some mode: {close.sum().item<long>()}");
        Assert.That(perMode, Has.All.GreaterThan(minimumShare * count / 8), "every mode gets its part of the samples");
        Assert.That(close.sum().item<long>(), Is.GreaterThan(minimumNear * count), "most samples lie on a mode");
    }
}
