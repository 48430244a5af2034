using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>Sampling a pixel-diffusion package end to end, against the loop written out by hand.</summary>
public class DiffusionModelTests() : ToyDiffusionFixture(new ToyDiffusion())
{
    /// <summary>Through the generic <see cref="ModelPackage.Open"/>, which must give a <see cref="DiffusionModel"/>.</summary>
    protected override DiffusionModel Open(string directory) => (DiffusionModel)ModelPackage.Open(directory, OneThread);

    [Test]
    public void OpenGivesADiffusionModelWithThePackagesConstants()
    {
        Assert.That(Model.IsLatent, Is.False);
        Assert.That(Model.IsConditional, Is.False);
        Assert.That(Model.Schedule.TrainTimesteps, Is.EqualTo(1000));
        Assert.That(Model.Schedule.Betas.ToArray(), Is.EqualTo(Toy.Spec.Betas));
        Assert.That(Model.Provider, Is.EqualTo(ExecutionProvider.Cpu));
    }

    [Test]
    public void DefaultSamplingIsDdpmOverAllTStepsAsTheHandWrittenLoop()
    {
        var images = Model.Sample(3, seed: 11);
        var expected = ReferenceLoop.ToIntensities(ReferenceLoop.Run(Toy, new DdpmScheduler(Model.Schedule), 11, 3));
        Assert.That(images.Count, Is.EqualTo(3));
        Assert.That(images.Pixels, Is.EqualTo(expected).Within(1e-5f));
        Assert.That(images.Pixels.All(v => v is >= 0 and <= 1), Is.True);
    }

    [Test]
    public void DdimEtaZeroUsesOnlyTheInitialNoise()
    {
        var options = new DiffusionSamplingOptions { Sampler = DiffusionSamplerKind.Ddim, Steps = 50 };
        var images = Model.Sample(2, 5, null, options);
        var scheduler = new DdimScheduler(Model.Schedule);
        scheduler.SetTimesteps(50);
        // The reference draws noise only when σ_t > 0: never at η = 0.
        Assert.That(images.Pixels, Is.EqualTo(ReferenceLoop.ToIntensities(ReferenceLoop.Run(Toy, scheduler, 5, 2))).Within(1e-5f));
        Assert.That(Model.Sample(2, 5, null, options).Pixels, Is.EqualTo(images.Pixels), "same seed, same result");
    }

    [Test]
    public void FewerDdpmStepsAndTheLargeVarianceFollowTheOptions()
    {
        var options = new DiffusionSamplingOptions { Steps = 100, Variance = DdpmVariance.FixedLarge, Spacing = TimestepSpacing.Trailing };
        var scheduler = new DdpmScheduler(Model.Schedule, DdpmVariance.FixedLarge, spacing: TimestepSpacing.Trailing);
        scheduler.SetTimesteps(100);
        Assert.That(Model.Sample(2, 3, null, options).Pixels, Is.EqualTo(ReferenceLoop.ToIntensities(ReferenceLoop.Run(Toy, scheduler, 3, 2))).Within(1e-5f));
    }

    [Test]
    public void SameSeedGivesTheSameImagesBitForBitAndOtherSeedsDiffer()
    {
        var options = new DiffusionSamplingOptions { Steps = 200 };
        var first = Model.Sample(4, 42, null, options);
        var second = Model.Sample(4, 42, null, options);
        Assert.That(second.Pixels, Is.EqualTo(first.Pixels));
        Assert.That(Model.Sample(4, 43, null, options).Pixels, Is.Not.EqualTo(first.Pixels));
    }

    [Test]
    public void ThreadsSharingTheModelGetTheSameImagesBitForBit()
    {
        var options = new DiffusionSamplingOptions { Steps = 200 };
        var alone = Model.Sample(4, 9, null, options).Pixels;
        var results = new float[4][];
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Model.Sample(4, 9, null, options).Pixels);
        foreach (var result in results) Assert.That(result, Is.EqualTo(alone));
    }

    [Test]
    public void ChunkingDoesNotChangeTheImages()
    {
        var whole = Model.Sample(5, 21, null, new DiffusionSamplingOptions { Steps = 100, BatchSize = 8 });
        var chunked = Model.Sample(5, 21, null, new DiffusionSamplingOptions { Steps = 100, BatchSize = 2 });
        Assert.That(chunked.Pixels, Is.EqualTo(whole.Pixels).Within(1e-6f), "item n draws from its own stream");
        // The same chunks of 2, 2 and 1 on three threads at once: the same bits.
        var workers = Model.Sample(5, 21, null, new DiffusionSamplingOptions { Steps = 100, BatchSize = 2, Workers = 3 });
        Assert.That(workers.Pixels, Is.EqualTo(chunked.Pixels), "whatever the workers");
    }

    [Test]
    public void BadRequestsAreRejectedWithTheFix()
    {
        Assert.That(() => Model.Sample(0, 1), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Model.Sample(1, 1, label: 2), Throws.ArgumentException.With.Message.Contains("not conditional"));
        Assert.That(() => Model.Sample(1, 1, null, new DiffusionSamplingOptions { Steps = 1001 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("1 to 1000"));
        Assert.That(() => Model.Sample(1, 1, null, new DiffusionSamplingOptions { Eta = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Model.Sample(1, 1, null, new DiffusionSamplingOptions { BatchSize = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Model.Sample(1, 1, null, new DiffusionSamplingOptions { Workers = 0 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("workers"));
    }
}
