using Pipeline.Tests.Support;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>A package whose folder or manifest is wrong is refused with a message naming the problem.</summary>
public class ManifestValidationTests
{
    private TempDirectory fixture = null!;
    private string exported = null!;
    private DamagedPackage package = null!;

    [OneTimeSetUp]
    public void ExportOnce()
    {
        fixture = new TempDirectory();
        exported = SmallPackages.Autoencoder(fixture.File("exported")).Directory;
    }

    [OneTimeTearDown]
    public void Cleanup() => fixture.Dispose();

    [SetUp]
    public void CopyPackage() => package = new DamagedPackage(exported);

    [TearDown]
    public void DeleteCopy() => package.Dispose();

    [Test]
    public void AMissingFolder()
    {
        var missing = fixture.File("nowhere");

        DamagedPackage.AssertRefused(missing, "no exported package at", missing);
    }

    [Test]
    public void AFolderWithoutManifest()
    {
        File.Delete(package.File(ManifestJson.FileName));

        package.AssertRefused("has no manifest.json", "not an exported package");
    }

    [Test]
    public void InvalidJson()
    {
        File.WriteAllText(package.File(ManifestJson.FileName), "{ \"format\": 1, \"name\": ");

        package.AssertRefused("is not a valid manifest", ManifestJson.FileName);
    }

    [Test]
    public void AManifestWithoutItsNetworks()
    {
        package.EditManifest(m => m.Remove("networks"));

        package.AssertRefused("is not a valid manifest", "networks");
    }

    [Test]
    public void AnUnknownFamilyListsTheKnownOnes()
    {
        package.EditManifest(m => m["family"] = "normalizing_flow");

        package.AssertRefused("unknown family 'normalizing_flow'", "autoencoder, vae, conditional_vae, diffusion, latent_diffusion, classifier");
    }

    [Test]
    public void AMissingRequiredNetwork()
    {
        package.EditManifest(m => m["networks"]!.AsObject().Remove("decoder"));

        package.AssertRefused("lacks the 'decoder' network", "autoencoder package");
    }

    [Test]
    public void AGaussianPriorWithoutItsMean()
    {
        package.EditManifest(m => m["latent"]!.AsObject().Remove("mean"));

        package.AssertRefused("gaussian prior needs a mean of 2 values", "it has 0");
    }

    [Test]
    public void ACholeskyFactorOfTheWrongSize()
    {
        package.EditManifest(m => m["latent"]!["scale_tril"] = new JsonArray(1.0, 0.0, 1.0));

        package.AssertRefused("a scale_tril of 2×2 = 4 values", "it has 3");
    }

    [Test]
    public void ALatentSizeTheDecoderDoesNotTake()
    {
        package.EditManifest(m => m["latent"] = new JsonObject
        {
            ["size"] = 3, ["prior"] = "gaussian", ["mean"] = new JsonArray(0.0, 0.0, 0.0),
            ["scale_tril"] = new JsonArray(1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0),
        });

        package.AssertRefused("latent size 3", "decoder takes latent [batch, 2]");
    }

    [Test]
    public void AnImageSizeTheNetworksDoNotUse()
    {
        package.EditManifest(m => m["image"]!["width"] = 32);

        package.AssertRefused("images of 1×28×32", "encoder takes image [batch, 1, 28, 28]");
    }
}
