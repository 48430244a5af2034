using NUnit.Framework;
using Pipeline.Runtime.Diffusion;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>Every DDPM and DDIM step written as <see cref="AffineStep"/> gives what the scheduler's own Step gives.</summary>
public class AffineStepTests
{
    private static readonly NoiseSchedule Schedule = new(BetaSchedules.Linear(1000));

    private static IEnumerable<TestCaseData> Schedulers()
    {
        foreach (var clip in new[] { false, true })
        {
            foreach (var variance in new[] { DdpmVariance.FixedSmall, DdpmVariance.FixedLarge })
                foreach (var steps in new[] { 1000, 37 })
                    yield return new TestCaseData((Func<IDiffusionScheduler>)(() => new DdpmScheduler(Schedule, variance, clip)), steps)
                        .SetArgDisplayNames($"DDPM {variance} clip={clip} {steps} steps");
            foreach (var eta in new[] { 0.0, 1.0, 1.5 })
                yield return new TestCaseData((Func<IDiffusionScheduler>)(() => new DdimScheduler(Schedule, eta, clip)), 50)
                    .SetArgDisplayNames($"DDIM eta={eta} clip={clip} 50 steps");
        }
    }

    [TestCaseSource(nameof(Schedulers))]
    public void TheRuleGivesTheStep(Func<IDiffusionScheduler> create, int steps)
    {
        var scheduler = create();
        scheduler.SetTimesteps(steps);
        var random = new Random(3);
        const int size = 64;
        foreach (var t in scheduler.Timesteps.ToArray())
        {
            // x_t and ε̂ wide enough that x̂₀ leaves [−1, 1] for some values at every t.
            var sample = Enumerable.Range(0, size).Select(_ => (float)(3 * random.NextDouble() - 1.5)).ToArray();
            var epsilon = Enumerable.Range(0, size).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray();
            var noise = Enumerable.Range(0, size).Select(_ => (float)(2 * random.NextDouble() - 1)).ToArray();
            var rule = scheduler.Affine(t);
            var expected = sample.ToArray();
            scheduler.Step(epsilon, t, expected, scheduler.Sigma(t) > 0 ? noise : ReadOnlySpan<float>.Empty);
            Assert.That(rule.Sigma, Is.EqualTo(scheduler.Sigma(t)), $"t = {t}");
            for (var i = 0; i < size; i++)
            {
                // 1. x̂₀; 2. ε̃; 3. x_prev, in double.
                double x = sample[i], e = epsilon[i];
                var x0 = rule.R * x - rule.Q * e;
                if (rule.Clip) x0 = Math.Clamp(x0, -1, 1);
                var implied = rule.ImpliedNoise ? (x - rule.S * x0) * rule.U : e;
                var next = rule.A * x0 + rule.B * x + rule.C * implied + rule.Sigma * noise[i];
                Assert.That(next, Is.EqualTo(expected[i]).Within(2e-6 * Math.Max(1, Math.Abs(expected[i]))), $"t = {t}, value {i}");
            }
        }
    }

    [Test]
    public void CoefficientsAreWrittenInTheGraphsOrder()
    {
        var coefficients = new float[AffineStep.Count];
        new AffineStep(1, 2, 3, 4, 5, 6, 7, 8, Clip: true, ImpliedNoise: false).WriteCoefficients(coefficients);
        Assert.That(coefficients, Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }));
    }
}
