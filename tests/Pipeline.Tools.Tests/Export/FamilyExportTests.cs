using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;
using TorchSharp;

namespace Pipeline.Tools.Tests.Export;

/// <summary>Every kind the exporter knows, built from its default configuration, exports into a package the runtime samples.</summary>
public class FamilyExportTests
{
    /// <summary>ONNX Runtime agrees with TorchSharp to this (PackageExporter verifies with OnnxExporter's default tolerance, 1e-4).</summary>
    private const double Tolerance = 1e-4;

    public static IEnumerable<TestCaseData> Kinds() => ModelCatalog.ExportableKinds.Select(k => new TestCaseData(k).SetArgDisplayNames(k));

    [Test]
    public void ThereAreKindsToExport() => Assert.That(ModelCatalog.ExportableKinds, Is.Not.Empty);

    [Test]
    public void AVqVaeAloneRefusesToExportAndSaysToTrainItsPrior()
    {
        using var directory = new TempDirectory();
        using var model = ModelCatalog.Create(Pipeline.Models.Quantized.VqVae.Kind, ModelCatalog.DefaultConfigJson(Pipeline.Models.Quantized.VqVae.Kind));
        Assert.That(() => PackageExporter.Export(model, Pipeline.Models.Quantized.VqVae.Kind, directory.File("vqvae")),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("train vqvae-prior"));
        Assert.That(Directory.Exists(directory.File("vqvae")), Is.False);
        Assert.That(ModelCatalog.ExportableKinds, Does.Contain(Pipeline.Models.Quantized.VqVaePrior.Kind).And.Not.Contain(Pipeline.Models.Quantized.VqVae.Kind));
    }

    [Test]
    public void AnUnknownKindHasNoDefaultConfig() =>
        Assert.That(() => ModelCatalog.DefaultConfigJson("no-such-kind"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("no-such-kind").And.Message.Contains(ModelCatalog.Kinds[0]));

    [TestCaseSource(nameof(Kinds))]
    public void TheDefaultModelExportsVerifiedAndSamples(string kind)
    {
        using var directory = new TempDirectory();
        torch.random.manual_seed(1);
        using var model = ModelCatalog.Create(kind, ModelCatalog.DefaultConfigJson(kind));

        var result = PackageExporter.Export(model, kind, directory.File(kind), trainingImages: TrainingImages.FirstFiveHundred);

        var networks = ModelCatalog.AsExportable(model).ExportNetworks();
        Assert.That(result.MaxDifferences.Keys, Is.EquivalentTo(networks.Select(n => n.Role)));
        Assert.That(result.MaxDifferences.Values, Has.All.LessThanOrEqualTo(Tolerance));
        foreach (var network in networks)
        {
            var file = Path.Combine(result.Directory, result.Manifest.Networks[network.Role].File);
            Assert.That(OnnxParity.MaxDifference(network, file, batch: 5, seed: 11), Is.LessThanOrEqualTo(Tolerance), network.Role);
        }
        Assert.That(directory.Entries(), Is.EqualTo(new[] { kind }), "no staging folder is left");

        var manifestPath = Path.Combine(result.Directory, ManifestJson.FileName);
        var read = PackageReader.Read(result.Directory);
        Assert.That(ManifestJson.Serialize(read), Is.EqualTo(File.ReadAllText(manifestPath)));
        Assert.That(ManifestJson.Serialize(read), Is.EqualTo(ManifestJson.Serialize(result.Manifest)));
        Assert.That(read.Kind, Is.EqualTo(kind));
        Assert.That(read.Networks.Keys, Is.SupersetOf(PackageReader.RequiredRoles(read.Family)));

        if (read.Family == ModelFamily.Classifier)
        {
            using var classifier = ModelPackage.OpenClassifier(result.Directory);
            var (logits, features) = classifier.Classify(TrainingImages.Batch(4));
            Assert.That((logits.Length, features.Length), Is.EqualTo((4 * classifier.ClassCount, 4 * classifier.FeatureSize)));
            return;
        }
        using var package = ModelPackage.Open(result.Directory);
        var images = package is DiffusionModel diffusion
            ? diffusion.Sample(4, 3, null, new DiffusionSamplingOptions { Sampler = DiffusionSamplerKind.Ddim, Steps = 10 })
            : package.Sample(4, seed: 3);
        Assert.That(images.Count, Is.EqualTo(4));
        Assert.That((images.Channels, images.Height, images.Width), Is.EqualTo((read.Image.Channels, read.Image.Height, read.Image.Width)));
        Assert.That(images.Pixels, Has.All.Matches<float>(float.IsFinite));
    }
}
