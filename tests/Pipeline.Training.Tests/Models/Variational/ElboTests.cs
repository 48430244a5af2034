using NUnit.Framework;
using Pipeline.Models.Variational;
using Pipeline.Tensors;

namespace Pipeline.Tests.Models.Variational;

public class ElboTests
{
    [Test]
    public void KlEqualsTheClosedFormForKnownValues()
    {
        using var scope = DisposeScope.Enter();
        // Row 0: q = N(0, 1) = p, KL 0. Row 1: μ = (0, 1), σ² = (1, 4):
        // −½[(1 + 0 − 0 − 1) + (1 + ln 4 − 1 − 4)] = 2 − ln 2.
        var mean = Tensor.From(new[] { 0f, 0f, 0f, 1f }, 2, 2);
        var logVar = Tensor.From(new[] { 0f, 0f, 0f, MathF.Log(4) }, 2, 2);
        var kl = Elbo.Kl(mean, logVar).ToArray<float>();
        Assert.That(kl[0], Is.EqualTo(0).Within(1e-6));
        Assert.That(kl[1], Is.EqualTo(2 - Math.Log(2)).Within(1e-5));
    }

    [Test]
    public void KlEqualsAMonteCarloEstimateOverReparameterizedSamples()
    {
        using var scope = DisposeScope.Enter();
        const int samples = 200_000;
        var mu = new[] { 0.5, -1.0, 2.0 };
        var sigma = new[] { 0.3, 1.5, 1.0 };
        var mean = Tensor.From(mu.Select(m => (float)m).ToArray(), 1, 3).Expand(samples, 3).Double();
        var logVar = Tensor.From(sigma.Select(s => (float)(2 * Math.Log(s))).ToArray(), 1, 3).Expand(samples, 3).Double();
        var z = Elbo.Reparameterize(mean, logVar, new Generator(4));                    // z ~ q, [S, 3]

        // log q(z) − log p(z) = Σ_j [−log σ_j − (z_j − μ_j)²/(2σ_j²) + z_j²/2]; its mean over z ~ q estimates KL(q ‖ p).
        var std = (logVar * 0.5).Exp();
        var logRatio = (-(std.Log()) - (z - mean).Square() / (2 * std.Square()) + z.Square() * 0.5).Sum(1);
        var estimate = logRatio.Mean().ToDouble();
        var standardError = logRatio.Std().ToDouble() / Math.Sqrt(samples);
        var closedForm = Elbo.Kl(mean[0..1], logVar[0..1]).ToDouble();
        var expected = mu.Zip(sigma).Sum(p => 0.5 * (p.First * p.First + p.Second * p.Second - 1) - Math.Log(p.Second));
        Assert.That(closedForm, Is.EqualTo(expected).Within(1e-6), "closed form (inputs rounded to float32)");
        Assert.That(estimate, Is.EqualTo(closedForm).Within(4 * standardError), $"Monte Carlo {estimate:F4} ± {standardError:F4}");

        // The samples themselves have the encoded moments.
        var sampleMean = z.Mean(0).ToArray<double>();
        var sampleStd = z.Std(new long[] { 0 }).ToArray<double>();
        for (var j = 0; j < 3; j++)
        {
            Assert.That(sampleMean[j], Is.EqualTo(mu[j]).Within(5 * sigma[j] / Math.Sqrt(samples)), $"mean {j}");
            Assert.That(sampleStd[j], Is.EqualTo(sigma[j]).Within(0.01 * sigma[j]), $"std {j}");
        }
    }

    [Test]
    public void ReparameterizationLetsGradientsReachMeanAndLogVariance()
    {
        using var scope = DisposeScope.Enter();
        var mean = Torch.Zeros(4, 2).RequiresGrad_();
        var logVar = Torch.Zeros(4, 2).RequiresGrad_();
        Elbo.Reparameterize(mean, logVar, new Generator(1)).Square().Sum().Backward();
        Assert.That(mean.Grad!.Abs().Sum().ToDouble(), Is.GreaterThan(0));
        Assert.That(logVar.Grad!.Abs().Sum().ToDouble(), Is.GreaterThan(0));
    }

    [Test]
    public void BernoulliNllIsTheBinaryCrossEntropySummedOverPixels()
    {
        using var scope = DisposeScope.Enter();
        // logits 0 and ln 3 give p = 1/2 and 3/4.
        var logits = Tensor.From(new[] { 0f, MathF.Log(3), 0f, MathF.Log(3) }, 2, 1, 1, 2);
        var x = Tensor.From(new[] { 1f, 0f, 0f, 1f }, 2, 1, 1, 2);
        var nll = Elbo.NegativeLogLikelihood(logits, x, Likelihood.Bernoulli, observationStd: 0.1).ToArray<float>();
        Assert.That(nll[0], Is.EqualTo(-Math.Log(0.5) - Math.Log(0.25)).Within(1e-5));   // x = (1, 0)
        Assert.That(nll[1], Is.EqualTo(-Math.Log(0.5) - Math.Log(0.75)).Within(1e-5));   // x = (0, 1)
    }

    [Test]
    public void GaussianNllIsTheSquaredErrorOverTwoVariancesPlusTheNormalizer()
    {
        using var scope = DisposeScope.Enter();
        // logits 0 give means 1/2; x = (0.5, 0.7), σ = 0.1: 0.04 / 0.02 + (2/2)·ln(2π·0.01).
        var logits = Torch.Zeros(1, 2);
        var x = Tensor.From(new[] { 0.5f, 0.7f }, 1, 2);
        var nll = Elbo.NegativeLogLikelihood(logits, x, Likelihood.Gaussian, observationStd: 0.1).ToDouble();
        Assert.That(nll, Is.EqualTo(2 + Math.Log(2 * Math.PI * 0.01)).Within(1e-5));
    }

    [Test]
    public void ReportConvertsNatsToBitsPerDimension()
    {
        var report = new ElboReport(Likelihood.Bernoulli, NegativeElbo: 784 * Math.Log(2) * 0.5, ReconstructionNll: 0, Kl: 0, Dimensions: 784);
        Assert.That(report.BitsPerDimension, Is.EqualTo(0.5).Within(1e-12));
    }
}
