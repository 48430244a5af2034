using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>Inpainting (an inverse problem, seed 003): the known pixels are kept, the rest is generated.</summary>
public class InpaintingTests() : ToyDiffusionFixture(new ToyDiffusion { ClipSample = true })
{
    /// <summary>Three 1×4×4 images with values that are not round in [−1, 1] (0.1, 0.37, …).</summary>
    private static ImageBatch Known() => new(3, 1, 4, 4, Enumerable.Range(0, 48).Select(i => (i * 37 % 97) / 97f).ToArray());

    /// <summary>The left half of each image is known.</summary>
    private static bool[] LeftHalf() => Enumerable.Range(0, 16).Select(i => i % 4 < 2).ToArray();

    [TestCase(DiffusionSamplerKind.Ddpm, 1)]
    [TestCase(DiffusionSamplerKind.Ddim, 1)]
    [TestCase(DiffusionSamplerKind.Ddpm, 3)]
    public void KnownPixelsAreKeptExactly(DiffusionSamplerKind sampler, int resampling)
    {
        var known = Known();
        var mask = LeftHalf();
        var result = Model.Inpaint(known, mask, 7, new DiffusionSamplingOptions { Sampler = sampler, Steps = 50, BatchSize = 2 }, resampling: resampling);
        var changed = 0;
        for (var i = 0; i < known.Pixels.Length; i++)
        {
            if (mask[i % 16]) Assert.That(result.Pixels[i], Is.EqualTo(known.Pixels[i]), $"known pixel {i}");
            else if (result.Pixels[i] != known.Pixels[i]) changed++;
        }
        Assert.That(changed, Is.GreaterThan(20), "the unknown half is generated");
        Assert.That(Model.Inpaint(known, mask, 7, new DiffusionSamplingOptions { Sampler = sampler, Steps = 50 }, resampling: resampling).Pixels,
            Is.EqualTo(result.Pixels).Within(1e-6f), "same seed, same completion, whatever the chunking");
        var workers = new DiffusionSamplingOptions { Sampler = sampler, Steps = 50, BatchSize = 2, Workers = 2 };
        Assert.That(Model.Inpaint(known, mask, 7, workers, resampling: resampling).Pixels, Is.EqualTo(result.Pixels), "and whatever the workers");
    }

    [TestCase(DiffusionSamplerKind.Ddpm)]
    [TestCase(DiffusionSamplerKind.Ddim)]
    public void TheLastStepIsNotResampled(DiffusionSamplerKind sampler)
    {
        // A package of T = 2 (ᾱ₁ ≈ 0.98, so x̂₀ moves with ε̂) sampled in one step, x_1 → x₀: RePaint has no x_t to jump
        // back to, so U passes are one pass, not U denoisings of x₀.
        using var directory = new TempDirectory();
        using var model = ModelPackage.OpenDiffusion(new ToyDiffusion { ClipSample = true, Timesteps = 2 }.Write(directory.File("short")), OneThread);
        var options = new DiffusionSamplingOptions { Sampler = sampler, Steps = 1, Spacing = TimestepSpacing.Trailing };
        var once = model.Inpaint(Known(), LeftHalf(), 7, options, resampling: 1);
        Assert.That(model.Inpaint(Known(), LeftHalf(), 7, options, resampling: 3).Pixels, Is.EqualTo(once.Pixels));
        // Over two steps, the first is resampled, and the completion changes.
        var two = options with { Steps = 2 };
        Assert.That(model.Inpaint(Known(), LeftHalf(), 7, two, resampling: 3).Pixels, Is.Not.EqualTo(model.Inpaint(Known(), LeftHalf(), 7, two, resampling: 1).Pixels));
    }

    [Test]
    public void TheKnownRegionSteersTheUnknownPixels()
    {
        // With the known pixels pinned to the forward process, the last state's known region is x₀ itself (in [−1, 1]).
        var known = Known().Slice(0, 1);
        var mask = LeftHalf();
        using var sampler = Model.CreateSampler(1, new DiffusionSamplingOptions { Steps = 50 });
        sampler.Reset(3);
        sampler.SetKnownRegion(known, mask);
        sampler.Run();
        for (var i = 0; i < 16; i++)
            if (mask[i]) Assert.That(sampler.Current[i], Is.EqualTo(2 * known.Pixels[i] - 1).Within(1e-6f));
        var free = Model.Sample(1, 3, null, new DiffusionSamplingOptions { Steps = 50 });
        Assert.That(sampler.Result().Pixels, Is.Not.EqualTo(free.Pixels), "the same seed without a known region differs");
    }

    [Test]
    public void APerImageMaskIsAccepted()
    {
        var known = Known();
        var mask = Enumerable.Range(0, 48).Select(i => i / 16 != 1 && i % 2 == 0).ToArray();   // image 1: nothing known
        var result = Model.Inpaint(known, mask, 1, new DiffusionSamplingOptions { Steps = 20 });
        for (var i = 0; i < 48; i++)
            if (mask[i]) Assert.That(result.Pixels[i], Is.EqualTo(known.Pixels[i]));
    }

    [Test]
    public void TheMaskAndTheImagesAreValidated()
    {
        var known = Known();
        Assert.That(() => Model.Inpaint(known, new bool[15], 1), Throws.ArgumentException.With.Message.Contains("16 (shared by all images) or 48"));
        Assert.That(() => Model.Inpaint(new ImageBatch(1, 1, 3, 3, new float[9]), new bool[9], 1), Throws.ArgumentException.With.Message.Contains("1×4×4"));
        Assert.That(() => Model.Inpaint(known, LeftHalf(), 1, resampling: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => Model.Inpaint(known, LeftHalf(), 1, [0, 0, 0]), Throws.ArgumentException.With.Message.Contains("not conditional"));
        using var sampler = Model.CreateSampler(3, new DiffusionSamplingOptions { Steps = 5 });
        sampler.Reset(1);
        sampler.Step();
        Assert.That(() => sampler.SetKnownRegion(known, LeftHalf()), Throws.InvalidOperationException.With.Message.Contains("before the first Step"));
    }
}
