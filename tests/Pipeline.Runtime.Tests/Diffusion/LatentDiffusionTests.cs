using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>Latent diffusion: the reverse process on codes [N, Z], then the decoder on z / latent_scale.</summary>
public class LatentDiffusionTests() : ToyDiffusionFixture(new ToyDiffusion
{
    Family = ModelFamily.LatentDiffusion,
    SampleShape = [6],
    Image = new ImageSpec(1, 5, 5, PixelScaling.ZeroOne),
    LatentScale = 2.0,
})
{
    [Test]
    public void TheRuntimeChainsLatentSamplingAndDecoding()
    {
        Assert.That(Model.IsLatent, Is.True);
        var options = new DiffusionSamplingOptions { Steps = 100 };
        using var sampler = Model.CreateSampler(3, options);
        sampler.Reset(13);
        while (sampler.Step()) { }
        var codes = sampler.Current.ToArray();
        var scheduler = new DdpmScheduler(Model.Schedule);
        scheduler.SetTimesteps(100);
        Assert.That(codes, Is.EqualTo(ReferenceLoop.Run(Toy, scheduler, 13, 3)).Within(1e-5f), "the loop runs on [N, Z] codes");

        var images = sampler.Result();
        Assert.That((images.Count, images.Channels, images.Height, images.Width), Is.EqualTo((3, 1, 5, 5)));
        for (var n = 0; n < 3; n++)
        {
            var z = codes.AsSpan(n * 6, 6).ToArray().Select(v => v / 2f).ToArray();     // z / latent_scale
            Assert.That(images.Image(n).ToArray(), Is.EqualTo(Toy.Decode(z)).Within(1e-5f), $"image {n}");
        }
        Assert.That(Model.Sample(3, 13, null, options).Pixels, Is.EqualTo(images.Pixels), "Sample() is the same chain");
    }

    [Test]
    public void InpaintingNeedsAPixelPackage()
    {
        var known = new ImageBatch(1, 1, 5, 5, new float[25]);
        Assert.That(() => Model.Inpaint(known, new bool[25], 1), Throws.InstanceOf<NotSupportedException>().With.Message.Contains("pixel-diffusion"));
    }
}
