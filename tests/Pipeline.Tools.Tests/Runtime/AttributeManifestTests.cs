using System.Text.Json.Nodes;
using NUnit.Framework;
using Pipeline.Data.Attributes;
using Pipeline.Models.Variational;
using Pipeline.Tests.Support;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;
using TorchSharp;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>The runtime refuses an AR-VAE package whose attributes section breaks the contract.</summary>
public sealed class AttributeManifestTests
{
    private TempDirectory directory = null!;
    private string package = null!;

    [OneTimeSetUp]
    public void ExportOnce()
    {
        directory = new TempDirectory();
        torch.random.manual_seed(3);
        using var model = new ArVae(new ArVaeConfig { Vae = new VaeConvConfig { Channels = [4, 8], LatentSize = 3 }, Attributes = [ImageAttribute.Area, ImageAttribute.Width] });
        package = PackageExporter.Export(model, ArVae.Kind, directory.File("arvae"), trainingImages: TrainingImages.FirstFiveHundred).Directory;
    }

    [OneTimeTearDown]
    public void Cleanup() => directory.Dispose();

    [Test]
    public void TheExportedSectionIsValid() => Assert.That(Pipeline.Runtime.Packages.PackageReader.Read(package).Attributes!.Names, Is.EqualTo(new[] { "area", "width" }));

    [Test]
    public void QuantilesThatDecreaseOrDifferInCount()
    {
        using (var damaged = new DamagedPackage(package))
        {
            damaged.EditManifest(m => m["attributes"]!["latent_quantiles"]![1]!.AsArray()[0] = 1e6);
            damaged.AssertRefused("attribute 'width' needs value and latent quantiles of the same count (2 or more), finite and never decreasing");
        }
        using (var damaged = new DamagedPackage(package))
        {
            damaged.EditManifest(m => m["attributes"]!["value_quantiles"]![0]!.AsArray().RemoveAt(0));
            damaged.AssertRefused("attribute 'area' needs value and latent quantiles of the same count");
        }
    }

    [Test]
    public void DimensionsOutsideTheLatentSpaceOrShared()
    {
        using (var damaged = new DamagedPackage(package))
        {
            damaged.EditManifest(m => m["attributes"]!["dimensions"] = new JsonArray(0, 3));
            damaged.AssertRefused("attribute dimensions [0, 3] must be distinct latent dimensions of 0..2");
        }
        using (var damaged = new DamagedPackage(package))
        {
            damaged.EditManifest(m => m["attributes"]!["dimensions"] = new JsonArray(1, 1));
            damaged.AssertRefused("must be distinct");
        }
    }

    [Test]
    public void ASectionOnAnotherFamily()
    {
        using var damaged = new DamagedPackage(package);
        damaged.EditManifest(m => m["family"] = "autoencoder");
        damaged.AssertRefused("an attributes section belongs to a vae package");
    }
}
