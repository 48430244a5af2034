using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Models.Autoencoders;
using Pipeline.Tensors;

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
        using var model = new ContractiveAutoencoder(Small, new Generator(1));
        using var scope = DisposeScope.Enter();
        var x = Torch.Rand(new long[] { 3, 784 }, new Generator(2));
        var exact = JacobianNorm.Exact(model.Encode, x).ToArray<float>();           // one gradient per code dimension

        // 4,000 independent draws of v for each sample, in one vector-Jacobian product over a repeated batch.
        const int draws = 4000;
        var repeated = x.Repeat(draws, 1).Detach().RequiresGrad_();                   // [draws·3, 784], row r is x[r mod 3]
        var estimates = JacobianNorm.Hutchinson(model.Encoder.Forward(repeated), repeated, new Generator(3));
        var perSample = estimates.Reshape(draws, 3);
        var mean = perSample.Mean(0).ToArray<float>();
        var standardError = perSample.Std(new long[] { 0 }).ToArray<float>().Select(s => s / Math.Sqrt(draws)).ToArray();
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
        using var model = new ContractiveAutoencoder(Small, new Generator(1));
        model.To(DType.Float64);
        using var scope = DisposeScope.Enter();
        var x = Torch.Rand(new long[] { 1, 784 }, new Generator(4), DType.Float64);
        var exact = JacobianNorm.Exact(model.Encode, x).ToDouble();
        // Σ_k ‖(f(x + h·e_k) − f(x − h·e_k)) / 2h‖², all 784 columns at once.
        const double h = 1e-6;
        var basis = Torch.Eye(784, DType.Float64) * h;
        var columns = (model.Encode(x + basis) - model.Encode(x - basis)) / (2 * h);   // [784, Z]
        Assert.That(exact, Is.EqualTo(columns.Square().Sum().ToDouble()).Within(1e-6 * exact));
    }

    [Test]
    public void LossIsTheErrorPlusLambdaTimesTheEstimateDrawnFromTheNoiseGenerator()
    {
        using var model = new ContractiveAutoencoder(Small, new Generator(1));
        using var scope = DisposeScope.Enter();
        using var batch = new Batch(Torch.Rand(new long[] { 5, 1, 28, 28 }, new Generator(2)), Torch.Zeros(new long[] { 5 }, DType.Int64), new int[5]);
        var terms = model.Loss(batch, new Generator(9));
        var parts = terms.Values().ToDictionary(p => p.Name, p => p.Value);

        var x = batch.Images.Flatten(1).Detach().RequiresGrad_();
        var estimate = JacobianNorm.Hutchinson(model.Encoder.Forward(x), x, new Generator(9)).Mean().ToDouble();
        var mse = (model.Reconstruct(batch.Images) - batch.Images).Square().Mean().ToDouble();
        Assert.That(parts["jacobian"], Is.EqualTo(estimate).Within(1e-6 * estimate));
        Assert.That(parts["mse"], Is.EqualTo(mse).Within(1e-7));
        Assert.That(terms.Total.ToDouble(), Is.EqualTo(mse + 0.5 * estimate).Within(1e-5));

        // The penalty reaches the encoder's weights: its gradient changes with λ.
        terms.Total.Backward();
        var withPenalty = model.Encoder[0].Parameters().First().Grad!.Clone();
        using var plain = new ContractiveAutoencoder(Small with { Lambda = 0 }, new Generator(1));
        plain.Loss(batch, new Generator(9)).Total.Backward();
        Assert.That(plain.Encoder[0].Parameters().First().Grad!.AllClose(withPenalty), Is.False);
    }
}
