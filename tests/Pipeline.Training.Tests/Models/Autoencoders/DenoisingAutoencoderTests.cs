using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Models.Autoencoders;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Tests.Models.Autoencoders;

public class DenoisingAutoencoderTests
{
    [Test]
    public void CorruptionAddsGaussianNoiseAndClampsToTheUnitInterval()
    {
        using var scope = NewDisposeScope();
        var x = full(new long[] { 200_000 }, 0.5);
        var corrupted = DenoisingAutoencoder.Corrupt(x, 0.1, Noise.Seeded(1));
        Assert.That(corrupted.min().ToDouble(), Is.GreaterThanOrEqualTo(0));
        Assert.That(corrupted.max().ToDouble(), Is.LessThanOrEqualTo(1));
        Assert.That((corrupted - x).mean().ToDouble(), Is.EqualTo(0).Within(1e-3));
        Assert.That((corrupted - x).std().ToDouble(), Is.EqualTo(0.1).Within(1e-3));
        var clamped = DenoisingAutoencoder.Corrupt(ones(1000), 0.5, Noise.Seeded(1));
        Assert.That(clamped.max().ToDouble(), Is.EqualTo(1));
        Assert.That(clamped.lt(1).sum().ToInt64(), Is.InRange(400, 600), "about half the draws go below 1");
    }

    [Test]
    public void LossCompareTheReconstructionOfTheCorruptedImageWithTheCleanOne()
    {
        var config = new DenoisingAutoencoderConfig { Network = new ConvAutoencoderConfig { Channels = new[] { 4, 8 }, LatentSize = 4 }, NoiseStd = 0.3 };
        using var model = Seeded.Model(1, () => new DenoisingAutoencoder(config));
        using var scope = NewDisposeScope();
        using var batch = new Batch(rand(new long[] { 3, 1, 28, 28 }, generator: Noise.Seeded(2)), zeros(new long[] { 3 }, ScalarType.Int64), new int[3]);
        var loss = model.Loss(batch, Noise.Seeded(5)).Total.ToDouble();
        var corrupted = DenoisingAutoencoder.Corrupt(batch.Images, 0.3, Noise.Seeded(5));
        Assert.That(loss, Is.EqualTo(F.mse_loss(model.Reconstruct(corrupted), batch.Images).ToDouble()).Within(1e-7));
        Assert.That(loss, Is.Not.EqualTo(F.mse_loss(model.Reconstruct(batch.Images), batch.Images).ToDouble()).Within(1e-6));
    }

    [Test]
    public void EvaluationCorruptsTheTestSetTheSameWayEveryTime()
    {
        var config = new DenoisingAutoencoderConfig { Network = new ConvAutoencoderConfig { Channels = new[] { 4, 8 }, LatentSize = 4 } };
        using var model = Seeded.Model(1, () => new DenoisingAutoencoder(config));
        var test = ModelData.Test.Take(200);
        var first = DenoisingError.Evaluate(model, test, 0.5, CPU);
        Assert.That(DenoisingError.Evaluate(model, test, 0.5, CPU), Is.EqualTo(first));
        // Clamped noise of σ = 0.5 on Fashion-MNIST: the corrupted input's error is well above zero and below σ².
        Assert.That(first.NoisyInputMse, Is.InRange(0.05, 0.25));
    }
}
