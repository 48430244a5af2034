using NUnit.Framework;
using Pipeline.Models.Variational;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Tests.Models.Variational;

public class ElboTests
{
    [Test]
    public void KlEqualsTheClosedFormForKnownValues()
    {
        using var scope = NewDisposeScope();
        // Row 0: q = N(0, 1) = p, KL 0. Row 1: μ = (0, 1), σ² = (1, 4):
        // −½[(1 + 0 − 0 − 1) + (1 + ln 4 − 1 − 4)] = 2 − ln 2.
        var mean = tensor(new[] { 0f, 0f, 0f, 1f }, new long[] { 2, 2 });
        var logVar = tensor(new[] { 0f, 0f, 0f, MathF.Log(4) }, new long[] { 2, 2 });
        var kl = Elbo.Kl(mean, logVar).data<float>().ToArray();
        Assert.That(kl[0], Is.EqualTo(0).Within(1e-6));
        Assert.That(kl[1], Is.EqualTo(2 - Math.Log(2)).Within(1e-5));
    }

    [Test]
    public void KlEqualsAMonteCarloEstimateOverReparameterizedSamples()
    {
        using var scope = NewDisposeScope();
        const int samples = 200_000;
        var mu = new[] { 0.5, -1.0, 2.0 };
        var sigma = new[] { 0.3, 1.5, 1.0 };
        var mean = tensor(mu.Select(m => (float)m).ToArray(), new long[] { 1, 3 }).expand(samples, 3).to(ScalarType.Float64);
        var logVar = tensor(sigma.Select(s => (float)(2 * Math.Log(s))).ToArray(), new long[] { 1, 3 }).expand(samples, 3).to(ScalarType.Float64);
        var z = Elbo.Reparameterize(mean, logVar, Noise.Seeded(4));                    // z ~ q, [S, 3]

        // log q(z) − log p(z) = Σ_j [−log σ_j − (z_j − μ_j)²/(2σ_j²) + z_j²/2]; its mean over z ~ q estimates KL(q ‖ p).
        var std = (logVar * 0.5).exp();
        var logRatio = (-(std.log()) - (z - mean).square() / (2 * std.square()) + z.square() * 0.5).sum(1);
        var estimate = logRatio.mean().ToDouble();
        var standardError = logRatio.std().ToDouble() / Math.Sqrt(samples);
        var closedForm = Elbo.Kl(mean[0..1], logVar[0..1]).ToDouble();
        var expected = mu.Zip(sigma).Sum(p => 0.5 * (p.First * p.First + p.Second * p.Second - 1) - Math.Log(p.Second));
        Assert.That(closedForm, Is.EqualTo(expected).Within(1e-6), "closed form (inputs rounded to float32)");
        Assert.That(estimate, Is.EqualTo(closedForm).Within(4 * standardError), $"Monte Carlo {estimate:F4} ± {standardError:F4}");

        // The samples themselves have the encoded moments.
        var sampleMean = z.mean(new long[] { 0 }).data<double>().ToArray();
        var sampleStd = z.std(new long[] { 0 }).data<double>().ToArray();
        for (var j = 0; j < 3; j++)
        {
            Assert.That(sampleMean[j], Is.EqualTo(mu[j]).Within(5 * sigma[j] / Math.Sqrt(samples)), $"mean {j}");
            Assert.That(sampleStd[j], Is.EqualTo(sigma[j]).Within(0.01 * sigma[j]), $"std {j}");
        }
    }

    [Test]
    public void ReparameterizationLetsGradientsReachMeanAndLogVariance()
    {
        using var scope = NewDisposeScope();
        var mean = zeros(4, 2).requires_grad_();
        var logVar = zeros(4, 2).requires_grad_();
        Elbo.Reparameterize(mean, logVar, Noise.Seeded(1)).square().sum().backward();
        Assert.That(mean.grad!.abs().sum().ToDouble(), Is.GreaterThan(0));
        Assert.That(logVar.grad!.abs().sum().ToDouble(), Is.GreaterThan(0));
    }

    [Test]
    public void BernoulliNllIsTheBinaryCrossEntropySummedOverPixels()
    {
        using var scope = NewDisposeScope();
        // logits 0 and ln 3 give p = 1/2 and 3/4.
        var logits = tensor(new[] { 0f, MathF.Log(3), 0f, MathF.Log(3) }, new long[] { 2, 1, 1, 2 });
        var x = tensor(new[] { 1f, 0f, 0f, 1f }, new long[] { 2, 1, 1, 2 });
        var nll = Elbo.NegativeLogLikelihood(logits, x, Likelihood.Bernoulli, observationStd: 0.1).data<float>().ToArray();
        Assert.That(nll[0], Is.EqualTo(-Math.Log(0.5) - Math.Log(0.25)).Within(1e-5));   // x = (1, 0)
        Assert.That(nll[1], Is.EqualTo(-Math.Log(0.5) - Math.Log(0.75)).Within(1e-5));   // x = (0, 1)
    }

    [Test]
    public void GaussianNllIsTheSquaredErrorOverTwoVariancesPlusTheNormalizer()
    {
        using var scope = NewDisposeScope();
        // logits 0 give means 1/2; x = (0.5, 0.7), σ = 0.1: 0.04 / 0.02 + (2/2)·ln(2π·0.01).
        var logits = zeros(1, 2);
        var x = tensor(new[] { 0.5f, 0.7f }, new long[] { 1, 2 });
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
