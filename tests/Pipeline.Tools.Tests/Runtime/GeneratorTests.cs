using NUnit.Framework;
using Pipeline.Runtime.Adversarial;
using Pipeline.Runtime.Models;
using Pipeline.Tools.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>
/// Adversarial packages through the runtime: the C# generator gives TorchSharp's images for the same codes, codes come
/// from the package's prior (seeded, truncated, one mixture component per class), and paths and encodings work.
/// </summary>
public sealed class GeneratorTests
{
    private SmallAdversarialPackages packages = null!;

    [OneTimeSetUp]
    public void ExportOnce() => packages = new SmallAdversarialPackages();

    [OneTimeTearDown]
    public void Cleanup() => packages.Dispose();

    private static float[] Values(Tensor t) => t.detach().cpu().contiguous().data<float>().ToArray();

    [Test]
    public void EveryExportedNetworkMatchesTorchSharp()
    {
        Assert.That(packages.Differences.Keys, Is.EquivalentTo(new[] { "gan/generator", "acgan/generator", "aae/generator", "aae/encoder" }));
        foreach (var (network, difference) in packages.Differences) Assert.That(difference, Is.LessThanOrEqualTo(1e-4), network);
    }

    [Test]
    public void SamplesAreTorchSharpsGeneratorOnTheSameCodesMappedToIntensities()
    {
        var (directory, reference) = packages.Conditional;
        using var model = ModelPackage.OpenGenerator(directory);
        var labels = new[] { 0, 3, 9, 3 };
        var z = model.SampleLatents(4, seed: 5, labels);
        var images = model.Generate(z, labels);
        using var noGrad = no_grad();
        var expected = Values((reference.Generate(tensor(z, 4, 6), tensor(labels.Select(l => (long)l).ToArray())) + 1) / 2);
        Assert.That(images.Pixels, Is.EqualTo(expected).Within(1e-4));
        Assert.That(reference.Generator.modules().OfType<TorchSharp.Modules.BatchNorm2d>().All(n => !n.training), Is.True, "exporting left the batch norms in evaluation mode");
        Assert.That(model.Sample(4, 5, 3).Pixels, Is.EqualTo(model.Generate(model.SampleLatents(4, 5, [3, 3, 3, 3]), [3, 3, 3, 3]).Pixels));
        Assert.That(() => model.Generate(z), Throws.ArgumentException.With.Message.Contains("one label per code"));
        Assert.That(() => model.Sample(2, 1, 10), Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("0..9"));
    }

    [Test]
    public void TheSameSeedGivesTheSameImagesAndAnotherSeedOthers()
    {
        using var model = ModelPackage.OpenGenerator(packages.Gan.Directory);
        Assert.That(model.Sample(6, 1).Pixels, Is.EqualTo(model.Sample(6, 1).Pixels));
        Assert.That(model.Sample(6, 1).Pixels, Is.Not.EqualTo(model.Sample(6, 2).Pixels));
        Assert.That(() => model.Sample(2, 1, 0), Throws.ArgumentException.With.Message.Contains("not conditional"));
    }

    [Test]
    public void TruncationKeepsEveryCoordinateOfEpsilonWithinTheBound()
    {
        using var gan = ModelPackage.OpenGenerator(packages.Gan.Directory);
        var z = gan.SampleLatents(500, 3, null, new GeneratorSamplingOptions { Truncation = 0.5 });
        Assert.That(z.Max(Math.Abs), Is.LessThanOrEqualTo(0.5f));
        Assert.That(z.Max(Math.Abs), Is.GreaterThan(0.45f), "the bound is reached, not a scale");
        var untruncated = gan.SampleLatents(500, 3);
        Assert.That(untruncated.Max(Math.Abs), Is.GreaterThan(2));
        Assert.That(() => gan.SampleLatents(1, 1, null, new GeneratorSamplingOptions { Truncation = 0 }), Throws.InstanceOf<ArgumentOutOfRangeException>());

        using var aae = ModelPackage.OpenGenerator(packages.Autoencoder.Directory);
        var means = packages.Autoencoder.Model.ComponentMeans!;
        var codes = aae.SampleLatents(300, 4, Enumerable.Repeat(7, 300).ToArray(), new GeneratorSamplingOptions { Truncation = 1 });
        var std = packages.Autoencoder.Model.Config.ComponentStd;
        for (var i = 0; i < codes.Length; i++)
            Assert.That(Math.Abs(codes[i] - means[7 * 3 + i % 3]), Is.LessThanOrEqualTo(std * 1 + 1e-6), "|z − μ_c| ≤ σ·t");
    }

    [Test]
    public void AMixturePriorDrawsEachClassFromItsComponent()
    {
        using var model = ModelPackage.OpenGenerator(packages.Autoencoder.Directory);
        Assert.That(model.ClassesArePriorComponents && model.ClassCount == 10, Is.True);
        var means = packages.Autoencoder.Model.ComponentMeans!;
        foreach (var c in new[] { 0, 4, 8 })
        {
            var codes = model.SampleLatents(2000, 9, Enumerable.Repeat(c, 2000).ToArray());
            for (var d = 0; d < 3; d++)
                Assert.That(Enumerable.Range(0, 2000).Average(n => codes[n * 3 + d]), Is.EqualTo(means[c * 3 + d]).Within(0.05), $"class {c}, dimension {d}");
        }
        var images = model.Sample(3, 1, 4);
        Assert.That(images.Pixels, Has.All.InRange(0f, 1f), "sigmoid decoder: intensities as they are");
    }

    [Test]
    public void TheAutoencodersEncoderIsTorchSharps()
    {
        var (directory, reference) = packages.Autoencoder;
        using var model = ModelPackage.OpenGenerator(directory);
        var images = TrainingImages.Batch(5);
        using var noGrad = no_grad();
        var expected = Values(reference.Encoder.call(tensor(images.Pixels, 5, 1, 28, 28)));
        Assert.That(model.Encode(images), Is.EqualTo(expected).Within(1e-4));
        using var gan = ModelPackage.OpenGenerator(packages.Gan.Directory);
        Assert.That(gan.CanEncode, Is.False);
        Assert.That(() => gan.Encode(images), Throws.InvalidOperationException.With.Message.Contains("only adversarial autoencoders"));
    }

    [TestCase(InterpolationPath.Linear)]
    [TestCase(InterpolationPath.Spherical)]
    public void APathStartsAndEndsAtItsCodes(InterpolationPath path)
    {
        using var model = ModelPackage.OpenGenerator(packages.Gan.Directory);
        var codes = model.SampleLatents(2, 11);
        var (from, to) = (codes[..6], codes[6..]);
        var walk = model.Interpolate(from, to, 7, path);
        Assert.That(walk.Count, Is.EqualTo(7));
        Assert.That(walk.Slice(0, 1).Pixels, Is.EqualTo(model.Generate(from).Pixels).Within(1e-6));
        Assert.That(walk.Slice(6, 1).Pixels, Is.EqualTo(model.Generate(to).Pixels).Within(1e-5));
        Assert.That(() => model.Interpolate(from, to[..5], 3, path), Throws.ArgumentException);
    }

    [Test]
    public void AConditionalWalkKeepsItsClass()
    {
        using var model = ModelPackage.OpenGenerator(packages.Conditional.Directory);
        var codes = model.SampleLatents(2, 11, [4, 4]);
        var (from, to) = (codes[..6], codes[6..]);
        Assert.That(() => model.Interpolate(from, to, 3, InterpolationPath.Linear), Throws.ArgumentException.With.Message.Contains("pass the label of the walk"));
        var walk = model.Interpolate(from, to, 3, InterpolationPath.Linear, label: 4);
        Assert.That(walk.Slice(2, 1).Pixels, Is.EqualTo(model.Generate(to, [4]).Pixels).Within(1e-5), "the last step is the class-4 image of the end code");
    }
}
