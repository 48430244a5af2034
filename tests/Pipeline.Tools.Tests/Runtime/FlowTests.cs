using NUnit.Framework;
using Pipeline.Models.Flows;
using Pipeline.Runtime.Flows;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Randomness;
using Pipeline.Tools.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>
/// Flow packages through the runtime: the C# forward pass gives TorchSharp's z and log p(x), the C# inversion gives TorchSharp's
/// samples for the same z, bits per dimension follow their formula, and sampling is seeded and does not depend on the batch size.
/// </summary>
public sealed class FlowTests
{
    private SmallFlowPackages packages = null!;

    [OneTimeSetUp]
    public void ExportOnce() => packages = new SmallFlowPackages();

    [OneTimeTearDown]
    public void Cleanup() => packages.Dispose();

    private static float[] Values(Tensor t) => t.detach().cpu().contiguous().data<float>().ToArray();

    /// <summary>Dequantized intensities (v + u)/256 of training images, u drawn from <paramref name="seed"/> as the runtime draws them.</summary>
    private static float[] Dequantized(ImageBatch images, long seed)
    {
        var x = new float[images.Pixels.Length];
        new SeededRandom(unchecked((ulong)seed)).FillUniform(x);
        for (var i = 0; i < x.Length; i++) x[i] = (MathF.Round(images.Pixels[i] * 255) + x[i]) / 256;
        return x;
    }

    [Test]
    public void EveryCouplingNetworkMatchesTorchSharp()
    {
        Assert.That(packages.Differences.Keys.Count(k => k.StartsWith("flow/", StringComparison.Ordinal)), Is.EqualTo(packages.Images.Model.Couplings.Count));
        Assert.That(packages.Differences.Keys.Count(k => k.StartsWith("toy-flow/", StringComparison.Ordinal)), Is.EqualTo(4));
        foreach (var (network, difference) in packages.Differences) Assert.That(difference, Is.LessThanOrEqualTo(1e-4), network);
    }

    [Test]
    public void TheForwardPassGivesTorchSharpsCodesAndLogLikelihood()
    {
        var (directory, reference) = packages.Images;
        using var model = ModelPackage.OpenFlow(directory);
        var x = Dequantized(TrainingImages.Batch(12), 3);
        var z = model.Encode(x, 12);
        var logDensity = model.LogDensity(x, 12);
        using var noGrad = no_grad();
        using var input = tensor(x, 12, 1, 28, 28);
        var (y, preprocessing) = LogitTransform.Forward(input, reference.Config.LogitAlpha);
        Assert.That(z, Is.EqualTo(Values(reference.Normalize(y).Z)).Within(1e-4), "z = h(x)");
        var expected = Values(reference.LogDensity(input));
        for (var i = 0; i < 12; i++)
            Assert.That(logDensity[i], Is.EqualTo(expected[i]).Within(Math.Abs(expected[i]) * 1e-5), $"log p(x) of image {i}");
        Assert.That(logDensity.Distinct().Count(), Is.EqualTo(12));
    }

    [Test]
    public void BitsPerDimensionAreThoseOfTheDequantizedImages()
    {
        var (directory, reference) = packages.Images;
        using var model = ModelPackage.OpenFlow(directory);
        var images = TrainingImages.Batch(8);
        var bits = model.BitsPerDim(images, seed: 5);
        using var noGrad = no_grad();
        var expected = Values(reference.BitsPerDim(tensor(Dequantized(images, 5), 8, 1, 28, 28)));
        Assert.That(bits, Is.EqualTo(expected.Select(b => (double)b)).Within(1e-4));
        Assert.That(bits, Is.All.InRange(0.5, 9), "an 8-bit image costs at most 8 bits per pixel, uniformly coded");
        Assert.That(model.BitsPerDim(images, seed: 6), Is.Not.EqualTo(bits), "another dequantization");
    }

    [TestCase(1.0)]
    [TestCase(0.6)]
    public void InversionGivesTorchSharpsSamplesForTheSameNoise(double temperature)
    {
        var (directory, reference) = packages.Images;
        using var model = ModelPackage.OpenFlow(directory);
        var samples = model.Sample(5, seed: 9, new FlowSamplingOptions { Temperature = temperature, BatchSize = 2 });
        var z = new float[5 * 784];
        new SeededRandom(9).FillNormal(z);
        using var noGrad = no_grad();
        using var noise = tensor(z, 5, 784) * temperature;
        var expected = Values(LogitTransform.Inverse(reference.Generate(noise), reference.Config.LogitAlpha));
        Assert.That(samples.Pixels, Is.EqualTo(expected).Within(1e-4));
        Assert.That((samples.Count, samples.Channels, samples.Height, samples.Width), Is.EqualTo((5, 1, 28, 28)));
        Assert.That(samples.Pixels, Is.All.InRange(0f, 1f));
    }

    [Test]
    public void SamplesDependOnTheSeedAndNotOnTheBatchSize()
    {
        using var model = ModelPackage.OpenFlow(packages.Images.Directory);
        var whole = model.Sample(7, seed: 4, new FlowSamplingOptions { BatchSize = 7 });
        Assert.That(model.Sample(7, seed: 4, new FlowSamplingOptions { BatchSize = 3 }).Pixels, Is.EqualTo(whole.Pixels));
        Assert.That(model.Sample(7, seed: 5).Pixels, Is.Not.EqualTo(whole.Pixels));
        var mode = model.Sample(2, seed: 1, new FlowSamplingOptions { Temperature = 0 });
        Assert.That(mode.Image(1).ToArray(), Is.EqualTo(mode.Image(0).ToArray()), "temperature 0 inverts z = 0 for every sample");
        Assert.That(() => model.Sample(1, seed: 1, label: 2), Throws.ArgumentException.With.Message.Contains("not conditional"));
    }

    [Test]
    public void SamplingIntoACallersBufferGivesTheSameSamples()
    {
        using var model = ModelPackage.OpenFlow(packages.Images.Directory);
        var options = new FlowSamplingOptions { BatchSize = 3, Temperature = 0.8 };
        var expected = model.Sample(7, seed: 4, options).Pixels;
        var buffer = new float[7 * 784];
        for (var call = 0; call < 2; call++)                  // a reused buffer: nothing of the last call is kept
        {
            model.Sample(buffer, seed: 4, options);
            Assert.That(buffer, Is.EqualTo(expected));
        }
        Assert.That(() => model.Sample(new float[784 + 1], seed: 4), Throws.ArgumentException.With.Message.Contains("whole number of samples, 784 values each"));
        Assert.That(() => model.Sample(Span<float>.Empty, seed: 4), Throws.ArgumentException);
    }

    [Test]
    public void ToyFlowsGiveTorchSharpsDensityAndPoints()
    {
        var (directory, reference) = packages.Toy;
        using var model = ModelPackage.OpenFlow(directory);
        Assert.That(model.Manifest.Image.PixelScaling, Is.EqualTo(Pipeline.Runtime.Packages.PixelScaling.Points));
        float[] points = [0, 0, 2, 0, -1.5f, 1.5f, 0.3f, -2.2f];
        using var noGrad = no_grad();
        var expected = Values(reference.LogDensity(tensor(points, 4, 2, 1, 1)));
        Assert.That(model.LogDensity(points, 4), Is.EqualTo(expected.Select(v => (double)v)).Within(1e-4));
        var samples = model.Sample(6, seed: 2);
        var z = new float[12];
        new SeededRandom(2).FillNormal(z);
        Assert.That(samples.Pixels, Is.EqualTo(Values(reference.Generate(tensor(z, 6, 2)))).Within(1e-4));
        Assert.That(() => model.BitsPerDim(TrainingImages.Batch(1)), Throws.InvalidOperationException.With.Message.Contains("LogDensity"));
    }

    [Test]
    public void BadInputIsRefusedWithTheReason()
    {
        using var model = ModelPackage.OpenFlow(packages.Images.Directory);
        Assert.That(() => model.LogDensity(new float[783], 1), Throws.ArgumentException.With.Message.Contains("need 784 values"));
        Assert.That(() => model.LogDensity(Enumerable.Repeat(1.5f, 784).ToArray(), 1), Throws.ArgumentException.With.Message.Contains("[0, 1)"));
        Assert.That(() => model.Sample(2, 1, new FlowSamplingOptions { Temperature = -1 }), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => ModelPackage.OpenVectorQuantized(packages.Images.Directory), Throws.TypeOf<Pipeline.Runtime.Packages.PackageException>().With.Message.Contains("flow package, not a VQ-VAE"));
    }
}
