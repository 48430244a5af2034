using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Models.Autoencoders;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Tests.Models.Autoencoders;

public class SparseAutoencoderTests
{
    [Test]
    public void LossIsTheErrorPlusLambdaTimesTheMeanAbsoluteCode()
    {
        using var model = Seeded.Model(1, () => new SparseAutoencoder(new SparseAutoencoderConfig { Lambda = 0.25 }));
        using var scope = NewDisposeScope();
        using var batch = new Batch(rand(new long[] { 4, 1, 28, 28 }, generator: Noise.Seeded(2)), zeros(new long[] { 4 }, ScalarType.Int64), new int[4]);
        var terms = model.Loss(batch, Noise.Seeded(3));
        var z = model.Encode(batch.Images);
        var mse = (model.Reconstruct(batch.Images) - batch.Images).square().mean().ToDouble();
        var l1 = z.abs().mean().ToDouble();
        var parts = terms.Values().ToDictionary(p => p.Name, p => p.Value);
        Assert.That(parts["mse"], Is.EqualTo(mse).Within(1e-7));
        Assert.That(parts["l1"], Is.EqualTo(l1).Within(1e-6));
        Assert.That(terms.Total.ToDouble(), Is.EqualTo(mse + 0.25 * l1).Within(1e-6));
    }

    [Test]
    public void PenaltyMakesTheCodeSparser()
    {
        var train = ModelData.Train.Take(6400);
        var test = ModelData.Test.Take(1000);
        CodeReport Code(double lambda)
        {
            using var model = Seeded.Model(1, () => new SparseAutoencoder(new SparseAutoencoderConfig { Lambda = lambda }));
            StepRunner.Train(model, train, steps: 200, batchSize: 64, learningRate: 2e-3);
            return CodeStatistics.Evaluate(model, test, CPU);
        }
        var sparse = Code(0.05);
        var dense = Code(0);
        TestContext.Out.WriteLine($"λ = 0.05: {sparse}; λ = 0: {dense}");
        Assert.That(sparse.MeanAbsolute, Is.LessThan(0.5 * dense.MeanAbsolute));
        Assert.That(sparse.HoyerSparsity, Is.GreaterThan(dense.HoyerSparsity + 0.05));
    }
}
