using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Models.Autoencoders;
using Pipeline.Nn;
using Pipeline.Tensors;

namespace Pipeline.Tests.Models.Autoencoders;

public class DenoisingAutoencoderTests
{
    [Test]
    public void CorruptionAddsGaussianNoiseAndClampsToTheUnitInterval()
    {
        using var scope = DisposeScope.Enter();
        var x = Torch.Full(new long[] { 200_000 }, 0.5);
        var corrupted = DenoisingAutoencoder.Corrupt(x, 0.1, new Generator(1));
        Assert.That(corrupted.Min().ToDouble(), Is.GreaterThanOrEqualTo(0));
        Assert.That(corrupted.Max().ToDouble(), Is.LessThanOrEqualTo(1));
        Assert.That((corrupted - x).Mean().ToDouble(), Is.EqualTo(0).Within(1e-3));
        Assert.That((corrupted - x).Std().ToDouble(), Is.EqualTo(0.1).Within(1e-3));
        var clamped = DenoisingAutoencoder.Corrupt(Torch.Ones(1000), 0.5, new Generator(1));
        Assert.That(clamped.Max().ToDouble(), Is.EqualTo(1));
        Assert.That(clamped.Lt(1).Sum().ToInt64(), Is.InRange(400, 600), "about half the draws go below 1");
    }

    [Test]
    public void LossCompareTheReconstructionOfTheCorruptedImageWithTheCleanOne()
    {
        var config = new DenoisingAutoencoderConfig { Network = new ConvAutoencoderConfig { Channels = new[] { 4, 8 }, LatentSize = 4 }, NoiseStd = 0.3 };
        using var model = new DenoisingAutoencoder(config, new Generator(1));
        using var scope = DisposeScope.Enter();
        using var batch = new Batch(Torch.Rand(new long[] { 3, 1, 28, 28 }, new Generator(2)), Torch.Zeros(new long[] { 3 }, DType.Int64), new int[3]);
        var loss = model.Loss(batch, new Generator(5)).Total.ToDouble();
        var corrupted = DenoisingAutoencoder.Corrupt(batch.Images, 0.3, new Generator(5));
        Assert.That(loss, Is.EqualTo(Functional.MseLoss(model.Reconstruct(corrupted), batch.Images).ToDouble()).Within(1e-7));
        Assert.That(loss, Is.Not.EqualTo(Functional.MseLoss(model.Reconstruct(batch.Images), batch.Images).ToDouble()).Within(1e-6));
    }

    [Test]
    public void EvaluationCorruptsTheTestSetTheSameWayEveryTime()
    {
        var config = new DenoisingAutoencoderConfig { Network = new ConvAutoencoderConfig { Channels = new[] { 4, 8 }, LatentSize = 4 } };
        using var model = new DenoisingAutoencoder(config, new Generator(1));
        var test = ModelData.Test.Take(200);
        var first = DenoisingError.Evaluate(model, test, 0.5, Device.Cpu);
        Assert.That(DenoisingError.Evaluate(model, test, 0.5, Device.Cpu), Is.EqualTo(first));
        // Clamped noise of σ = 0.5 on Fashion-MNIST: the corrupted input's error is well above zero and below σ².
        Assert.That(first.NoisyInputMse, Is.InRange(0.05, 0.25));
    }
}
