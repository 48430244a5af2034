using Pipeline.Tests.Support;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>A package whose folder or manifest is wrong is refused with a message naming the problem.</summary>
public class ManifestValidationTests : DamagedPackageFixture
{
    [Test]
    public void AMissingFolder()
    {
        var missing = Fixture.File("nowhere");

        DamagedPackage.AssertRefused(missing, "no exported package at", missing);
    }

    [Test]
    public void AFolderWithoutManifest()
    {
        File.Delete(Package.File(ManifestJson.FileName));

        Package.AssertRefused("has no manifest.json", "not an exported package");
    }

    [Test]
    public void InvalidJson()
    {
        File.WriteAllText(Package.File(ManifestJson.FileName), "{ \"format\": 1, \"name\": ");

        Package.AssertRefused("is not a valid manifest", ManifestJson.FileName);
    }

    [Test]
    public void AManifestWithoutItsNetworks()
    {
        Package.EditManifest(m => m.Remove("networks"));

        Package.AssertRefused("is not a valid manifest", "networks");
    }

    [Test]
    public void AnUnknownFamilyListsTheKnownOnes()
    {
        Package.EditManifest(m => m["family"] = "normalizing_flow");

        Package.AssertRefused("unknown family 'normalizing_flow'", "autoencoder, vae, conditional_vae, diffusion, latent_diffusion, classifier");
    }

    [Test]
    public void AnUnknownPrecisionListsTheKnownOnes()
    {
        Package.EditManifest(m => m["precision"] = "int4");

        Package.AssertRefused("unknown precision 'int4'", "fp32, fp16, int8");
    }

    [Test]
    public void AMissingRequiredNetwork()
    {
        Package.EditManifest(m => m["networks"]!.AsObject().Remove("decoder"));

        Package.AssertRefused("lacks the 'decoder' network", "autoencoder package");
    }

    [Test]
    public void AGaussianPriorWithoutItsMean()
    {
        Package.EditManifest(m => m["latent"]!.AsObject().Remove("mean"));

        Package.AssertRefused("gaussian prior needs a mean of 2 values", "it has 0");
    }

    [Test]
    public void ACholeskyFactorOfTheWrongSize()
    {
        Package.EditManifest(m => m["latent"]!["scale_tril"] = new JsonArray(1.0, 0.0, 1.0));

        Package.AssertRefused("a scale_tril of 2×2 = 4 values", "it has 3");
    }

    [Test]
    public void ALatentSizeTheDecoderDoesNotTake()
    {
        Package.EditManifest(m => m["latent"] = new JsonObject
        {
            ["size"] = 3, ["prior"] = "gaussian", ["mean"] = new JsonArray(0.0, 0.0, 0.0),
            ["scale_tril"] = new JsonArray(1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0),
        });

        Package.AssertRefused("latent size 3", "decoder takes latent [batch, 2]");
    }

    [Test]
    public void AnImageSizeTheNetworksDoNotUse()
    {
        Package.EditManifest(m => m["image"]!["width"] = 32);

        Package.AssertRefused("images of 1×28×32", "encoder takes image [batch, 1, 28, 28]");
    }
}
