using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>Every package shipped in exported/ is valid and generates images in [0, 1], or finite points (what `make run` relies on).</summary>
public class ShippedPackagesTests
{
    private static IEnumerable<TestCaseData> Packages() =>
        Repository.ShippedPackages().Select(directory => new TestCaseData(directory).SetArgDisplayNames(Path.GetFileName(directory)));

    [Test]
    public void PackagesAreShipped() => Assert.That(Packages().Count(), Is.GreaterThanOrEqualTo(10));

    [TestCaseSource(nameof(Packages))]
    public void LoadsAndGenerates(string directory)
    {
        var manifest = PackageReader.Read(directory);
        if (manifest.Family == ModelFamily.Classifier)
        {
            using var classifier = ModelPackage.OpenClassifier(directory);
            var (logits, _) = classifier.Classify(TrainingImages.Batch(2));
            Assert.That(logits, Has.All.Matches<float>(float.IsFinite));
            return;
        }
        using var model = ModelPackage.Open(directory);
        var label = manifest.Classes is null ? (int?)null : 1;
        var images = model is DiffusionModel diffusion
            ? diffusion.Sample(2, 1, label, new DiffusionSamplingOptions { Sampler = DiffusionSamplerKind.Ddim, Steps = 5 })
            : model.Sample(2, 1, label);
        if (manifest.Image.PixelScaling == PixelScaling.Points) Assert.That(images.Pixels, Has.All.Matches<float>(float.IsFinite));
        else Assert.That(images.Pixels, Has.All.InRange(0f, 1f));
    }
}
