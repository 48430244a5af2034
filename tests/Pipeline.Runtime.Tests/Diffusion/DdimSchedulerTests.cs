using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>DDIM (Song et al. 2021, eq. 12 and 16): its deterministic trajectory and its relation to DDPM at η = 1.</summary>
public class DdimSchedulerTests
{
    private static readonly NoiseSchedule Schedule = new(BetaSchedules.Linear(1000));
    private static readonly float[] X0 = [0.8f, -0.3f, 0.05f, -0.9f, 0.4f];
    private static readonly float[] Noise = [1.2f, -0.7f, 0.3f, 2.1f, -1.5f];

    [Test]
    public void EtaZeroWithTheTrueNoiseFollowsTheForwardTrajectoryToX0()
    {
        var scheduler = new DdimScheduler(Schedule, eta: 0);
        scheduler.SetTimesteps(50);
        var first = scheduler.Timesteps[0];
        var sample = X0.Select((x, i) => (float)(Schedule.SqrtAlphasCumprod[first] * x + Schedule.SqrtOneMinusAlphasCumprod[first] * Noise[i])).ToArray();
        foreach (var t in scheduler.Timesteps.ToArray())
        {
            var prev = scheduler.PreviousTimestep(t);
            Assert.That(scheduler.Sigma(t), Is.EqualTo(0.0));
            scheduler.Step(Noise, t, sample, ReadOnlySpan<float>.Empty);
            // x_prev = √ᾱ_prev·x₀ + √(1 − ᾱ_prev)·ε: the same noise, one level down.
            var alpha = prev < 0 ? 1.0 : Schedule.AlphasCumprod[prev];
            for (var i = 0; i < X0.Length; i++)
                Assert.That(sample[i], Is.EqualTo(Math.Sqrt(alpha) * X0[i] + Math.Sqrt(1 - alpha) * Noise[i]).Within(1e-4), $"t = {t} → {prev}");
        }
        Assert.That(sample, Is.EqualTo(X0).Within(1e-4f), "x̂₀ recovered");
    }

    [Test]
    public void EtaZeroIsDeterministic()
    {
        float[] Run()
        {
            var scheduler = new DdimScheduler(Schedule);
            scheduler.SetTimesteps(20);
            var sample = Noise.ToArray();
            var epsilon = new float[sample.Length];
            foreach (var t in scheduler.Timesteps.ToArray())
            {
                for (var i = 0; i < sample.Length; i++) epsilon[i] = 0.5f * sample[i] + 1e-4f * t;
                scheduler.Step(epsilon, t, sample, ReadOnlySpan<float>.Empty);
            }
            return sample;
        }
        Assert.That(Run(), Is.EqualTo(Run()), "same start, same result, bit for bit; no noise is drawn");
    }

    [Test]
    public void SigmaAtEtaOneIsTheDdpmPosteriorStandardDeviation()
    {
        var scheduler = new DdimScheduler(Schedule, eta: 1);
        // Eq. 16 with ᾱ_{t−1}: (1 − ᾱ_{t−1})/(1 − ᾱ_t)·(1 − ᾱ_t/ᾱ_{t−1}) = β_t(1 − ᾱ_{t−1})/(1 − ᾱ_t) = β̃_t.
        for (var t = 1; t < 1000; t += 7)
            Assert.That(scheduler.Sigma(t) * scheduler.Sigma(t), Is.EqualTo(Schedule.PosteriorVariance[t]).Within(1e-12 * Schedule.PosteriorVariance[t]));
        Assert.That(new DdimScheduler(Schedule, eta: 0.5).Sigma(500), Is.EqualTo(0.5 * scheduler.Sigma(500)).Within(1e-15));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void EtaOneOverAllStepsIsDdpmWithTheSmallVariance(bool clip)
    {
        // Same x_T, same ε̂ function, same noise draws: the two samplers take the same path (eq. 12 at η = 1 is eq. 7).
        var ddim = new DdimScheduler(Schedule, eta: 1, clipSample: clip);
        var ddpm = new DdpmScheduler(Schedule, DdpmVariance.FixedSmall, clipSample: clip);
        var random = new SeededRandom(7);
        var a = new float[64];
        random.FillNormal(a);
        var b = a.ToArray();
        var epsilonA = new float[64];
        var epsilonB = new float[64];
        var noise = new float[64];
        var maxGap = 0.0;
        foreach (var t in ddpm.Timesteps.ToArray())
        {
            for (var i = 0; i < 64; i++)
            {
                epsilonA[i] = 0.9f * a[i] + 0.05f * MathF.Sin(i + t);
                epsilonB[i] = 0.9f * b[i] + 0.05f * MathF.Sin(i + t);
            }
            random.FillNormal(noise);
            ddim.Step(epsilonA, t, a, noise);
            ddpm.Step(epsilonB, t, b, noise);
            maxGap = Math.Max(maxGap, a.Zip(b, (x, y) => Math.Abs(x - y)).Max());
        }
        TestContext.Out.WriteLine($"largest |DDIM(η=1) − DDPM| over 1000 steps: {maxGap:G3}");
        Assert.That(maxGap, Is.LessThan(1e-4));
    }

    [Test]
    public void NegativeEtaIsRejected()
    {
        Assert.That(() => new DdimScheduler(Schedule, eta: -0.1), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("η"));
    }
}
