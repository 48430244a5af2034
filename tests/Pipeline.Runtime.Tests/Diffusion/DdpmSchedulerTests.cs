using NUnit.Framework;
using Pipeline.Runtime.Diffusion;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>The DDPM reverse step (Ho et al. 2020, eq. 11 and Algorithm 2) against the posterior in closed form.</summary>
public class DdpmSchedulerTests
{
    private static readonly NoiseSchedule Schedule = new(BetaSchedules.Linear(1000));
    private static readonly float[] X0 = [0.8f, -0.3f, 0.05f, -0.9f, 0.4f];
    private static readonly float[] Noise = [1.2f, -0.7f, 0.3f, 2.1f, -1.5f];

    /// <summary>x_t = √ᾱ_t·x₀ + √(1 − ᾱ_t)·ε, in double then rounded, as the test's independent forward step.</summary>
    private static float[] Forward(int t) =>
        X0.Select((x, i) => (float)(Math.Sqrt(Schedule.AlphasCumprod[t]) * x + Math.Sqrt(1 - Schedule.AlphasCumprod[t]) * Noise[i])).ToArray();

    [TestCase(999)]
    [TestCase(500)]
    [TestCase(1)]
    public void TheTrueNoiseGivesThePosteriorMean(int t)
    {
        var scheduler = new DdpmScheduler(Schedule);
        var xt = Forward(t);
        var sample = xt.ToArray();
        scheduler.Step(Noise, t, sample, new float[X0.Length]);
        // μ̃_t(x_t, x₀) = β_t√ᾱ_{t−1}/(1 − ᾱ_t)·x₀ + (1 − ᾱ_{t−1})√α_t/(1 − ᾱ_t)·x_t, from the betas directly.
        double beta = Schedule.Betas[t], prev = 1, current = 1;
        for (var k = 0; k < t; k++) prev *= 1 - Schedule.Betas[k];
        current = prev * (1 - beta);
        for (var i = 0; i < X0.Length; i++)
        {
            var mean = beta * Math.Sqrt(prev) / (1 - current) * X0[i] + (1 - prev) * Math.Sqrt(1 - beta) / (1 - current) * xt[i];
            Assert.That(sample[i], Is.EqualTo(mean).Within(2e-5), $"value {i}");
        }
    }

    [TestCase(false, 999)]
    [TestCase(false, 0)]
    [TestCase(true, 700)]
    [TestCase(true, 0)]
    public void AWholeBatchStepsBitForBitAsEachValueAlone(bool clip, int t)
    {
        // The batch goes through the vectorized update, a single value through the scalar loop: the same bits.
        var scheduler = new DdpmScheduler(Schedule, clipSample: clip);
        var random = new Random(t + 1);
        float[] Draw(double scale) => Enumerable.Range(0, 1003).Select(_ => (float)((random.NextDouble() * 2 - 1) * scale)).ToArray();
        var (sample, epsilon, noise) = (Draw(3), Draw(2), Draw(2));
        var alone = sample.ToArray();
        var withNoise = scheduler.Sigma(t) > 0;

        scheduler.Step(epsilon, t, sample, withNoise ? noise : ReadOnlySpan<float>.Empty);
        for (var i = 0; i < alone.Length; i++)
            scheduler.Step(epsilon.AsSpan(i, 1), t, alone.AsSpan(i, 1), withNoise ? noise.AsSpan(i, 1) : ReadOnlySpan<float>.Empty);

        Assert.That(sample, Is.EqualTo(alone));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void TheLastStepWithTheTrueNoiseRecoversX0(bool clip)
    {
        var scheduler = new DdpmScheduler(Schedule, clipSample: clip);
        var sample = Forward(0);
        scheduler.Step(Noise, 0, sample, ReadOnlySpan<float>.Empty);
        Assert.That(sample, Is.EqualTo(X0).Within(1e-5f), "no noise is added at t = 0");
    }

    [Test]
    public void ClippedAndUnclippedFormsAgreeWhileX0StaysInRange()
    {
        var plain = new DdpmScheduler(Schedule);
        var clipped = new DdpmScheduler(Schedule, clipSample: true);
        var epsilon = Noise.Select((e, i) => e + 0.01f * (i - 2)).ToArray();      // close to the true noise: x̂₀ stays in [−1, 1]
        float[] z = [0.1f, 0.2f, -0.3f, 0.4f, -0.5f];
        foreach (var t in new[] { 20, 300 })
        {
            var a = Forward(t);
            var b = a.ToArray();
            plain.Step(epsilon, t, a, z);
            clipped.Step(epsilon, t, b, z);
            Assert.That(b, Is.EqualTo(a).Within(1e-5f), $"t = {t}: the two forms of the mean are the same maths");
        }
    }

    [Test]
    public void ClippingBoundsThePredictedX0()
    {
        var scheduler = new DdpmScheduler(Schedule, clipSample: true);
        const int t = 100;
        float[] sample = [3f, -3f];          // x̂₀ far outside [−1, 1] with ε̂ = 0
        var xt = sample.ToArray();
        scheduler.Step(new float[2], t, sample, new float[2]);
        for (var i = 0; i < 2; i++)
        {
            var x0 = Math.Clamp(xt[i] * Schedule.SqrtRecipAlphasCumprod[t], -1, 1);
            Assert.That(sample[i], Is.EqualTo(Schedule.PosteriorMeanCoef1[t] * x0 + Schedule.PosteriorMeanCoef2[t] * xt[i]).Within(1e-5));
        }
    }

    [Test]
    public void SigmaIsThePosteriorOrTheForwardStandardDeviation()
    {
        var small = new DdpmScheduler(Schedule, DdpmVariance.FixedSmall);
        var large = new DdpmScheduler(Schedule, DdpmVariance.FixedLarge);
        foreach (var t in new[] { 1, 10, 500, 999 })
        {
            Assert.That(small.Sigma(t) * small.Sigma(t), Is.EqualTo(Schedule.PosteriorVariance[t]).Within(1e-15));
            Assert.That(large.Sigma(t) * large.Sigma(t), Is.EqualTo(Schedule.Betas[t]).Within(1e-15));
        }
        Assert.That(small.Sigma(0), Is.EqualTo(0.0));
        Assert.That(large.Sigma(0), Is.EqualTo(0.0));
    }

    [Test]
    public void TheStepAddsSigmaTimesTheNoise()
    {
        var scheduler = new DdpmScheduler(Schedule, DdpmVariance.FixedLarge);
        var a = Forward(400);
        var b = a.ToArray();
        scheduler.Step(Noise, 400, a, new float[X0.Length]);
        scheduler.Step(Noise, 400, b, Noise);
        for (var i = 0; i < X0.Length; i++)
            Assert.That(b[i] - a[i], Is.EqualTo(Math.Sqrt(Schedule.Betas[400]) * Noise[i]).Within(1e-6));
    }

    [Test]
    public void SkippedStepsUseTheVarianceOfTheWholeJump()
    {
        var scheduler = new DdpmScheduler(Schedule);
        scheduler.SetTimesteps(10);                               // 900, 800, …, 0
        const int t = 500, prev = 400;
        Assert.That(scheduler.PreviousTimestep(t), Is.EqualTo(prev));
        var alpha = Schedule.AlphasCumprod[t] / Schedule.AlphasCumprod[prev];
        var posterior = (1 - alpha) * (1 - Schedule.AlphasCumprod[prev]) / (1 - Schedule.AlphasCumprod[t]);
        Assert.That(scheduler.Sigma(t), Is.EqualTo(Math.Sqrt(posterior)).Within(1e-15));
        // With the true noise the step lands on the posterior mean of q(x_prev | x_t, x₀) for the jump.
        var xt = Forward(t);
        var sample = xt.ToArray();
        scheduler.Step(Noise, t, sample, new float[X0.Length]);
        var coef1 = (1 - alpha) * Math.Sqrt(Schedule.AlphasCumprod[prev]) / (1 - Schedule.AlphasCumprod[t]);
        var coef2 = (1 - Schedule.AlphasCumprod[prev]) * Math.Sqrt(alpha) / (1 - Schedule.AlphasCumprod[t]);
        for (var i = 0; i < X0.Length; i++) Assert.That(sample[i], Is.EqualTo(coef1 * X0[i] + coef2 * xt[i]).Within(2e-5));
    }

    [Test]
    public void NoiseIsRequiredWhenTheStepAddsSome()
    {
        var scheduler = new DdpmScheduler(Schedule);
        var sample = Forward(10);
        Assert.That(() => scheduler.Step(Noise, 10, sample, ReadOnlySpan<float>.Empty), Throws.ArgumentException.With.Message.Contains("noise"));
        Assert.That(() => scheduler.Step(new float[2], 10, sample, Noise), Throws.ArgumentException.With.Message.Contains("ε̂"));
    }

    [Test]
    public void AStepAllocatesNothing()
    {
        var scheduler = new DdpmScheduler(Schedule, clipSample: true);
        var sample = new float[784];
        var epsilon = new float[784];
        var noise = new float[784];
        for (var t = 999; t > 989; t--) scheduler.Step(epsilon, t, sample, noise);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var t = 989; t > 0; t--) scheduler.Step(epsilon, t, sample, noise);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0));
    }
}
