using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>
/// One loaded package of every family shipped in exported/, sampled from 8 threads at once with different seeds, gives
/// exactly the images each seed gives alone (IGenerativeModel promises thread safety). A new family joins by shipping a package.
/// </summary>
public sealed class ConcurrencyTests
{
    private const int Threads = 8;

    /// <summary>The first shipped package of each family (by name), but the classifier.</summary>
    private static IEnumerable<TestCaseData> OnePackagePerFamily() =>
        Repository.ShippedPackages()
            .GroupBy(d => PackageReader.Read(d).Family)
            .Where(g => g.Key != ModelFamily.Classifier)
            .Select(g => new TestCaseData(g.First()).SetArgDisplayNames($"{PackageReader.Name(g.Key)} ({Path.GetFileName(g.First())})"));

    [TestCaseSource(nameof(OnePackagePerFamily))]
    public void EightThreadsSamplingOneModelGetTheSingleThreadImagesOfTheirSeeds(string directory)
    {
        using var model = ModelPackage.Open(directory);
        var label = model.Manifest.Classes is null ? (int?)null : 3;
        ImageBatch Draw(long seed) => model is DiffusionModel diffusion
            ? diffusion.Sample(2, seed, label, DiffusionSamplingOptions.Ddim(5))
            : model.Sample(2, seed, label);
        var alone = Enumerable.Range(0, Threads).Select(seed => Draw(100 + seed).Pixels).ToArray();
        var together = new float[Threads][];
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(k => new Thread(() =>
        {
            start.SignalAndWait();   // all at once
            together[k] = Draw(100 + k).Pixels;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        for (var k = 0; k < Threads; k++) Assert.That(together[k], Is.EqualTo(alone[k]), $"seed {100 + k}");
    }
}
