using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Models;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>Seeded sampling of an exported autoencoder package: reproducible, seed-dependent, thread-safe.</summary>
public class SamplingTests
{
    private TempDirectory fixture = null!;
    private string package = null!;

    [OneTimeSetUp]
    public void ExportOnce()
    {
        fixture = new TempDirectory();
        package = SmallPackages.Autoencoder(fixture.File("ae")).Directory;
    }

    [OneTimeTearDown]
    public void Cleanup() => fixture.Dispose();

    [Test]
    public void TheSameSeedGivesTheSameImagesInSeparateInstances()
    {
        using var first = ModelPackage.Open(package);
        using var second = ModelPackage.Open(package);

        var a = first.Sample(8, seed: 42).Pixels;
        var b = second.Sample(8, seed: 42).Pixels;

        Assert.That(b, Is.EqualTo(a).AsCollection);
    }

    [Test]
    public void DifferentSeedsGiveDifferentImages()
    {
        using var model = ModelPackage.Open(package);

        var a = model.Sample(8, seed: 1).Pixels;
        var b = model.Sample(8, seed: 2).Pixels;

        Assert.That(a.Zip(b, (x, y) => Math.Abs(x - y)).Max(), Is.GreaterThan(1e-3));
    }

    [Test]
    public void SamplingFromFourThreadsAtOnceGivesTheSequentialImages()
    {
        using var model = ModelPackage.Open(package);
        var seeds = Enumerable.Range(100, 16).Select(s => (long)s).ToArray();
        var sequential = seeds.Select(s => model.Sample(10, s).Pixels).ToArray();

        var concurrent = new float[seeds.Length][];
        using var start = new Barrier(4);
        var threads = Enumerable.Range(0, 4).Select(t => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            for (var i = t; i < seeds.Length; i += 4) concurrent[i] = model.Sample(10, seeds[i]).Pixels;
        }, TaskCreationOptions.LongRunning)).ToArray();
        Task.WaitAll(threads);

        for (var i = 0; i < seeds.Length; i++) Assert.That(concurrent[i], Is.EqualTo(sequential[i]).AsCollection, $"seed {seeds[i]}");
    }
}
