using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Models.Autoencoders;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Tests.Models.Autoencoders;

public class ContractiveAutoencoderTests
{
    private static ContractiveAutoencoderConfig Small => new()
    {
        Network = new MlpAutoencoderConfig { HiddenSizes = new[] { 32 }, LatentSize = 6, Output = OutputActivation.Sigmoid },
        Lambda = 0.5,
    };

    [Test]
    public void HutchinsonEstimateAveragesToTheExactJacobianNorm()
    {
        using var model = Seeded.Model(1, () => new ContractiveAutoencoder(Small));
        using var scope = NewDisposeScope();
        var x = rand(new long[] { 3, 784 }, generator: Noise.Seeded(2));
        var exact = JacobianNorm.Exact(model.Encode, x).data<float>().ToArray();           // one gradient per code dimension

        // 4,000 independent draws of v for each sample, in one vector-Jacobian product over a repeated batch.
        const int draws = 4000;
        var repeated = x.repeat(draws, 1).detach().requires_grad_();                   // [draws·3, 784], row r is x[r mod 3]
        var estimates = JacobianNorm.Hutchinson(model.Encoder.call(repeated), repeated, Noise.Seeded(3));
        var perSample = estimates.reshape(draws, 3);
        var mean = perSample.mean(new long[] { 0 }).data<float>().ToArray();
        var standardError = perSample.std(new long[] { 0 }).data<float>().ToArray().Select(s => s / Math.Sqrt(draws)).ToArray();
        for (var i = 0; i < 3; i++)
        {
            TestContext.Out.WriteLine($"sample {i}: exact {exact[i]:F5}, Hutchinson {mean[i]:F5} ± {standardError[i]:F5}");
            Assert.That(exact[i], Is.GreaterThan(0));
            Assert.That(mean[i], Is.EqualTo(exact[i]).Within(4 * standardError[i]));
            Assert.That(mean[i], Is.EqualTo(exact[i]).Within(0.1 * exact[i]));
        }
    }

    [Test]
    public void ExactNormMatchesFiniteDifferences()
    {
        using var model = Seeded.Model(1, () => new ContractiveAutoencoder(Small));
        model.to(ScalarType.Float64);
        using var scope = NewDisposeScope();
        var x = rand(new long[] { 1, 784 }, dtype: ScalarType.Float64, generator: Noise.Seeded(4));
        var exact = JacobianNorm.Exact(model.Encode, x).ToDouble();
        // Σ_k ‖(f(x + h·e_k) − f(x − h·e_k)) / 2h‖², all 784 columns at once.
        const double h = 1e-6;
        var basis = eye(784, dtype: ScalarType.Float64) * h;
        var columns = (model.Encode(x + basis) - model.Encode(x - basis)) / (2 * h);   // [784, Z]
        Assert.That(exact, Is.EqualTo(columns.square().sum().ToDouble()).Within(1e-6 * exact));
    }

    [Test]
    public void LossIsTheErrorPlusLambdaTimesTheEstimateDrawnFromTheNoiseGenerator()
    {
        using var model = Seeded.Model(1, () => new ContractiveAutoencoder(Small));
        using var scope = NewDisposeScope();
        using var batch = new Batch(rand(new long[] { 5, 1, 28, 28 }, generator: Noise.Seeded(2)), zeros(new long[] { 5 }, ScalarType.Int64), new int[5]);
        var terms = model.Loss(batch, Noise.Seeded(9));
        var parts = terms.Values().ToDictionary(p => p.Name, p => p.Value);

        var x = batch.Images.flatten(1).detach().requires_grad_();
        var estimate = JacobianNorm.Hutchinson(model.Encoder.call(x), x, Noise.Seeded(9)).mean().ToDouble();
        var mse = (model.Reconstruct(batch.Images) - batch.Images).square().mean().ToDouble();
        Assert.That(parts["jacobian"], Is.EqualTo(estimate).Within(1e-6 * estimate));
        Assert.That(parts["mse"], Is.EqualTo(mse).Within(1e-7));
        Assert.That(terms.Total.ToDouble(), Is.EqualTo(mse + 0.5 * estimate).Within(1e-5));

        // The penalty reaches the encoder's weights: its gradient changes with λ.
        terms.Total.backward();
        var withPenalty = ((nn.Module)model.Encoder[0]).parameters().First().grad!.clone();
        using var plain = Seeded.Model(1, () => new ContractiveAutoencoder(Small with { Lambda = 0 }));
        plain.Loss(batch, Noise.Seeded(9)).Total.backward();
        Assert.That(((nn.Module)plain.Encoder[0]).parameters().First().grad!.allclose(withPenalty), Is.False);
    }
}
