using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>Class-conditional packages: ε̂ = ε̂(x, ∅) + w·(ε̂(x, c) − ε̂(x, ∅)), the halves run as one batch of 2N.</summary>
public class ClassifierFreeGuidanceTests() : ToyDiffusionFixture(new ToyDiffusion { ClassCount = 3, GuidanceScale = 2.5 })
{
    [Test]
    public void CombiningWithScaleOneGivesTheConditionalPrediction()
    {
        float[] unconditional = [0.3f, -1.7f, 2.25f];
        float[] conditional = [0.9f, 0.1f, -0.6f];
        var guided = new float[3];
        ClassifierFreeGuidance.Combine(unconditional, conditional, 1f, guided);
        Assert.That(guided, Is.EqualTo(conditional).Within(1e-6f));
        ClassifierFreeGuidance.Combine(unconditional, conditional, 0f, guided);
        Assert.That(guided, Is.EqualTo(unconditional));
        ClassifierFreeGuidance.Combine(unconditional, conditional, 3f, guided);
        Assert.That(guided, Is.EqualTo(new[] { 0.3f + 3 * 0.6f, -1.7f + 3 * 1.8f, 2.25f - 3 * 2.85f }).Within(1e-5f));
    }

    [Test]
    public void ThePackagesScaleRunsBothHalvesAsOneBatchAndMatchesTheHandWrittenLoop()
    {
        using var sampler = Model.CreateSampler(4, new DiffusionSamplingOptions { Steps = 100 });
        Assert.That(sampler.GuidanceScale, Is.EqualTo(2.5));
        Assert.That(sampler.NetworkBatchSize, Is.EqualTo(8), "conditional and null-label halves together");
        int[] labels = [0, 1, 2, 1];
        sampler.Reset(17, labels);
        sampler.Run();
        var scheduler = new DdpmScheduler(Model.Schedule);
        scheduler.SetTimesteps(100);
        var expected = ReferenceLoop.Run(Toy, scheduler, 17, 4, labels, w: 2.5);
        Assert.That(sampler.Current.ToArray(), Is.EqualTo(expected).Within(1e-4f));
    }

    [Test]
    public void ScaleOneIsPlainConditionalSamplingInOnePass()
    {
        var options = new DiffusionSamplingOptions { Steps = 100, GuidanceScale = 1 };
        using (var sampler = Model.CreateSampler(3, options))
            Assert.That(sampler.NetworkBatchSize, Is.EqualTo(3));
        var images = Model.Sample(3, 4, label: 2, options);
        var scheduler = new DdpmScheduler(Model.Schedule);
        scheduler.SetTimesteps(100);
        var expected = ReferenceLoop.Run(Toy, scheduler, 4, 3, [2, 2, 2], w: 1);
        Assert.That(images.Pixels, Is.EqualTo(ReferenceLoop.ToIntensities(expected)).Within(1e-5f));
    }

    [Test]
    public void ScaleZeroSamplesWithTheNullLabelInOnePass()
    {
        var options = new DiffusionSamplingOptions { Steps = 100, GuidanceScale = 0 };
        using var sampler = Model.CreateSampler(2, options);
        Assert.That(sampler.NetworkBatchSize, Is.EqualTo(2));
        sampler.Reset(8);                                          // no labels needed: the class is ignored
        sampler.Run();
        var scheduler = new DdpmScheduler(Model.Schedule);
        scheduler.SetTimesteps(100);
        Assert.That(sampler.Current.ToArray(), Is.EqualTo(ReferenceLoop.Run(Toy, scheduler, 8, 2)).Within(1e-5f));
    }

    [Test]
    public void TheClassChangesTheImages()
    {
        var options = new DiffusionSamplingOptions { Sampler = DiffusionSamplerKind.Ddim, Steps = 20 };
        var zero = Model.Sample(2, 3, 0, options);
        var one = Model.Sample(2, 3, 1, options);
        Assert.That(one.Pixels, Is.Not.EqualTo(zero.Pixels));
        var everyClass = Model.Sample(3, 3, null, options);
        Assert.That(everyClass.Image(0).ToArray(), Is.EqualTo(zero.Image(0).ToArray()), "null label: classes in turn, 0 first");
    }

    [Test]
    public void InpaintingTakesOneClassPerImage()
    {
        var known = new ImageBatch(3, 1, 4, 4, Enumerable.Range(0, 48).Select(i => (i * 37 % 97) / 97f).ToArray());
        var mask = InpaintMask.Hiding(MaskRegion.BottomHalf, 1, 4, 4);
        var options = new DiffusionSamplingOptions { Sampler = DiffusionSamplerKind.Ddim, Steps = 20 };
        var allTwo = Model.Inpaint(known, mask, 5, [2, 2, 2], options);
        Assert.That(allTwo.Pixels, Is.EqualTo(Model.Inpaint(known, mask, 5, options, label: 2).Pixels), "one class for all, either way");
        var mixed = Model.Inpaint(known, mask, 5, [0, 2, 1], options);
        Assert.That(mixed.Image(1).ToArray(), Is.EqualTo(allTwo.Image(1).ToArray()), "image 1 is class 2 in both");
        Assert.That(mixed.Image(0).ToArray(), Is.Not.EqualTo(allTwo.Image(0).ToArray()), "image 0's class changes its completion");
        for (var i = 0; i < 48; i++)
            if (mask[i % 16]) Assert.That(mixed.Pixels[i], Is.EqualTo(known.Pixels[i]), $"known pixel {i}");
        Assert.That(() => Model.Inpaint(known, mask, 5, [0, 1], options), Throws.ArgumentException.With.Message.Contains("one class per image: 3, got 2"));
        Assert.That(() => Model.Inpaint(known, mask, 5, [0, 1, 3], options), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("0..2"));
    }

    [Test]
    public void LabelsAreValidated()
    {
        using var sampler = Model.CreateSampler(2);
        Assert.That(() => sampler.Reset(1), Throws.ArgumentException.With.Message.Contains("one class label per item (2)"));
        Assert.That(() => sampler.Reset(1, [0, 3]), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("0..2"));
        Assert.That(() => Model.Sample(1, 1, label: 5), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }
}
