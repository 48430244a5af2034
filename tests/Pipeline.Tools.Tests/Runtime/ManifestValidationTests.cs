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

    [Test]
    public void NullEntriesAreNamed()
    {
        Package.EditManifest(m => m["networks"]!["decoder"] = null);
        Package.AssertRefused("gives the 'decoder' network as null");

        Package.EditManifest(m => m["networks"]!["decoder"] = new JsonObject { ["file"] = "decoder.onnx", ["inputs"] = new JsonArray((JsonNode?)null), ["outputs"] = new JsonArray() });
        Package.AssertRefused("gives the decoder network an input without a name or a shape");
    }

    [TestCase("../decoder.onnx")]
    [TestCase("/tmp/decoder.onnx")]
    [TestCase("nets/decoder.onnx")]
    public void ANetworkFileOutsideThePackageFolder(string file)
    {
        Package.EditManifest(m => m["networks"]!["decoder"]!["file"] = file);

        Package.AssertRefused($"names the decoder network file '{file}'", "a plain name");
    }

    [Test]
    public void ShapesOfNoBatchOrOfNoSize()
    {
        Package.EditManifest(m => m["networks"]!["encoder"]!["inputs"]![0]!["shape"] = new JsonArray(-1, 1, 0, 28));
        Package.AssertRefused("gives the encoder input 'image' the shape [-1, 1, 0, 28]", "positive sizes");

        Package.EditManifest(m => m["networks"]!["encoder"]!["inputs"]![0]!["shape"] = new JsonArray(4, 1, 28, 28));
        Package.AssertRefused("the shape [4, 1, 28, 28]", "a batch (−1)");
    }

    [Test]
    public void AnImageOfNegativeSizes()
    {
        // −1 × −28 × 28 = 784, the networks' size: only the sizes themselves show it.
        Package.EditManifest(m => { m["image"]!["channels"] = -1; m["image"]!["height"] = -28; });

        Package.AssertRefused("gives images of -1×-28×28", "every size must be positive");
    }

    [Test]
    public void AnOutputTheNetworkDoesNotGive()
    {
        Package.EditManifest(m => m["networks"]!["decoder"]!["outputs"]![0]!["name"] = "pixels");
        Package.AssertRefused("decoder.onnx has no output 'pixels'");

        // The same 784 values per image, so only the graph's own shape shows it.
        Package.EditManifest(m => { m["networks"]!["decoder"]!["outputs"]![0]!["name"] = "image"; m["networks"]!["decoder"]!["outputs"]![0]!["shape"] = new JsonArray(-1, 1, 14, 56); });
        Package.AssertRefused("the manifest gives decoder output image [batch, 1, 14, 56]", "decoder.onnx gives [-1, 1, 28, 28]");
    }

    [Test]
    public void TheLatentFamiliesContract()
    {
        Package.EditManifest(m => m["networks"]!["encoder"]!["outputs"]![0]!["shape"] = new JsonArray(-1, 3));
        Package.AssertRefused("family autoencoder, the encoder gives the code, 1 output of the decoder's latent shape [-1, 2]");

        Package.EditManifest(m => { m["networks"]!["encoder"]!["outputs"]![0]!["shape"] = new JsonArray(-1, 2); m["family"] = "vae"; });
        Package.AssertRefused("gives μ and log σ², 2 outputs");

        Package.EditManifest(m => m["family"] = "conditional_vae");
        Package.AssertRefused("a conditional_vae package needs a classes section");

        Package.EditManifest(m => m["classes"] = new JsonObject { ["count"] = 2, ["names"] = new JsonArray("a", "b") });
        Package.AssertRefused("family conditional_vae, the encoder takes 2 inputs");
    }

    [Test]
    public void ClassesWithoutOneNameEach()
    {
        Package.EditManifest(m => { m["family"] = "conditional_vae"; m["classes"] = new JsonObject { ["count"] = 0, ["names"] = new JsonArray() }; });

        Package.AssertRefused("gives 0 classes with 0 names", "a count of 1 or more");
    }
}
