using NUnit.Framework;
using Pipeline.Runtime.Diffusion;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>The schedule's constants, checked against closed forms computed here and values from an independent Python computation.</summary>
public class NoiseScheduleTests
{
    private static readonly NoiseSchedule Schedule = new(BetaSchedules.Linear(1000, 1e-4, 0.02));

    [Test]
    public void LinearBetasRunFromStartToEnd()
    {
        var betas = Schedule.Betas;
        Assert.That(betas.Length, Is.EqualTo(1000));
        Assert.That(betas[0], Is.EqualTo(1e-4));
        Assert.That(betas[999], Is.EqualTo(0.02).Within(1e-17));
        Assert.That(betas[1] - betas[0], Is.EqualTo((0.02 - 1e-4) / 999).Within(1e-15));
    }

    [Test]
    public void AlphasCumprodIsTheProductOfOneMinusBeta()
    {
        for (var t = 0; t < 1000; t += 37)
        {
            var product = 1.0;
            for (var k = 0; k <= t; k++) product *= 1 - Schedule.Betas[k];
            Assert.That(Schedule.AlphasCumprod[t], Is.EqualTo(product).Within(1e-15), $"ᾱ_{t}");
            Assert.That(Schedule.AlphasCumprodPrev[t], Is.EqualTo(t == 0 ? 1.0 : product / (1 - Schedule.Betas[t])).Within(1e-15), $"ᾱ_{t - 1}");
        }
        Assert.That(Schedule.AlphasCumprod[999], Is.LessThan(1e-4), "the forward process ends close to N(0, I)");
    }

    [Test]
    public void SquareRootsAndReciprocalsFollowFromAlphasCumprod()
    {
        for (var t = 0; t < 1000; t += 111)
        {
            var a = Schedule.AlphasCumprod[t];
            Assert.That(Schedule.Alphas[t], Is.EqualTo(1 - Schedule.Betas[t]));
            Assert.That(Schedule.SqrtAlphasCumprod[t] * Schedule.SqrtAlphasCumprod[t], Is.EqualTo(a).Within(1e-15));
            Assert.That(Schedule.SqrtOneMinusAlphasCumprod[t] * Schedule.SqrtOneMinusAlphasCumprod[t], Is.EqualTo(1 - a).Within(1e-15));
            Assert.That(Schedule.SqrtRecipAlphasCumprod[t] * Schedule.SqrtAlphasCumprod[t], Is.EqualTo(1.0).Within(1e-14));
            Assert.That(Schedule.SqrtRecipM1AlphasCumprod[t], Is.EqualTo(Schedule.SqrtOneMinusAlphasCumprod[t] / Schedule.SqrtAlphasCumprod[t]).Within(1e-12 * Schedule.SqrtRecipM1AlphasCumprod[t]));
        }
    }

    [Test]
    public void PosteriorVarianceMatchesHandComputedValues()
    {
        // t = 1: β̃_1 = β_1·(1 − ᾱ_0)/(1 − ᾱ_1) with ᾱ_0 = 1 − β_0 and ᾱ_1 = (1 − β_0)(1 − β_1).
        double b0 = 1e-4, b1 = 1e-4 + 0.0199 / 999;
        var expected1 = b1 * b0 / (1 - (1 - b0) * (1 - b1));
        Assert.That(Schedule.PosteriorVariance[1], Is.EqualTo(expected1).Within(1e-15));
        // t = T − 1: β̃ = β·(1 − ᾱ_{T−2})/(1 − ᾱ_{T−1}), slightly below β because ᾱ_{T−2} > ᾱ_{T−1}.
        var a = Schedule.AlphasCumprod;
        Assert.That(Schedule.PosteriorVariance[999], Is.EqualTo(0.02 * (1 - a[998]) / (1 - a[999])).Within(1e-16));
        Assert.That(Schedule.PosteriorVariance[999], Is.LessThan(0.02));
        Assert.That(Schedule.PosteriorVariance[0], Is.EqualTo(0.0), "β̃_0 = 0: nothing to add at the last step");
        Assert.That(Schedule.PosteriorLogVarianceClipped[0], Is.EqualTo(Math.Log(Schedule.PosteriorVariance[1])), "log β̃ at t = 0 is clipped to t = 1");
    }

    /// <summary>Values printed by /usr/bin/python3 with plain floats: betas by the same formula, ᾱ by a running product.</summary>
    [TestCase(0, 0.0001, 0.9999, 0.01000050003749898, 0.0, 1.0000000000001101, 0.0)]
    [TestCase(1, 0.00011991991991991993, 0.9997800920720721, 0.014830923708980388, 5.4531876613021935e-05, 0.5452914995102903, 0.4547084989905303)]
    [TestCase(10, 0.00029919919919919923, 0.997806572507846, 0.04688549021144076, 0.00025846362040811443, 0.13627785977004453, 0.8637220692869959)]
    [TestCase(500, 0.01005995995995996, 0.07779665836502386, 3.4429671125258237, 0.010051335778909593, 0.003058057075629619, 0.9941043507567255)]
    [TestCase(999, 0.02, 4.0358297653756754e-05, 157.4072808104076, 0.01999998352656061, 0.00012835148717224682, 0.9899486782675173)]
    public void ConstantsMatchAnIndependentPythonComputation(int t, double beta, double alphaCumprod, double sqrtRecipM1,
                                                            double posteriorVariance, double coef1, double coef2)
    {
        Assert.That(Schedule.Betas[t], Is.EqualTo(beta).Within(1e-12 * beta));
        Assert.That(Schedule.AlphasCumprod[t], Is.EqualTo(alphaCumprod).Within(1e-12 * alphaCumprod));
        Assert.That(Schedule.SqrtRecipM1AlphasCumprod[t], Is.EqualTo(sqrtRecipM1).Within(1e-12 * sqrtRecipM1));
        Assert.That(Schedule.PosteriorVariance[t], Is.EqualTo(posteriorVariance).Within(1e-12 * posteriorVariance));
        Assert.That(Schedule.PosteriorMeanCoef1[t], Is.EqualTo(coef1).Within(1e-12 * coef1));
        Assert.That(Schedule.PosteriorMeanCoef2[t], Is.EqualTo(coef2).Within(1e-12 * coef2));
    }

    [Test]
    public void PosteriorMeanCoefficientsRecoverX0WhenXtIsNoiseless()
    {
        // μ̃(x_t = √ᾱ_t·x₀, x₀) = √ᾱ_{t−1}·x₀: Coef1 + Coef2·√ᾱ_t = √ᾱ_{t−1}.
        for (var t = 1; t < 1000; t += 99)
            Assert.That(Schedule.PosteriorMeanCoef1[t] + Schedule.PosteriorMeanCoef2[t] * Schedule.SqrtAlphasCumprod[t],
                Is.EqualTo(Math.Sqrt(Schedule.AlphasCumprodPrev[t])).Within(1e-12));
    }

    [Test]
    public void AddNoiseIsTheClosedFormForwardProcess()
    {
        float[] x0 = [0.5f, -1f, 0.25f];
        float[] epsilon = [1f, 0.5f, -2f];
        var xt = new float[3];
        Schedule.AddNoise(x0, epsilon, 500, xt);
        for (var i = 0; i < 3; i++)
            Assert.That(xt[i], Is.EqualTo((float)(Math.Sqrt(0.07779665836502386) * x0[i] + Math.Sqrt(1 - 0.07779665836502386) * epsilon[i])).Within(1e-6f));
    }

    [Test]
    public void BetasOutsideZeroOneAreRejected()
    {
        Assert.That(() => new NoiseSchedule(new[] { 0.1, 1.0 }), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("β[1]"));
        Assert.That(() => new NoiseSchedule(new[] { 0.0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => new NoiseSchedule(ReadOnlySpan<double>.Empty), Throws.ArgumentException);
    }
}
