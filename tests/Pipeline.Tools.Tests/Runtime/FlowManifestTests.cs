using System.Text.Json.Nodes;
using NUnit.Framework;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>The runtime refuses a flow package whose manifest breaks the contract, naming the problem and the fix.</summary>
public sealed class FlowManifestTests
{
    private SmallFlowPackages packages = null!;

    [OneTimeSetUp]
    public void ExportOnce() => packages = new SmallFlowPackages();

    [OneTimeTearDown]
    public void Cleanup() => packages.Dispose();

    private DamagedPackage Copy() => new(packages.Images.Directory);

    private static JsonNode Step(JsonObject manifest, int k) => manifest["flow"]!["steps"]![k]!;

    [Test]
    public void AMissingSection()
    {
        using var package = Copy();
        package.EditManifest(m => m.Remove("flow"));
        package.AssertRefused("needs a \"flow\" section", "export it again");
    }

    [TestCase(0.0)]
    [TestCase(0.5)]
    public void ALogitAlphaOutsideItsOpenRange(double alpha)
    {
        // α = 0 would take the logit of a dequantized 0 (or a float-rounded 1): an infinite density.
        using var package = Copy();
        package.EditManifest(m => m["flow"]!["logit_alpha"] = alpha);
        package.AssertRefused("the logit transform's alpha must lie in (0, 0.5)");
    }

    [Test]
    public void AStepThatDoesNotReceiveItsShape()
    {
        using var package = Copy();
        package.EditManifest(m => Step(m, 2)!["shape"] = new JsonArray(1, 14, 14));
        package.AssertRefused("flow step 2 (squeeze) declares shape [1, 14, 14] but receives [1, 28, 28]");
    }

    [Test]
    public void AnActNormOfTheWrongWidth()
    {
        using var package = Copy();
        package.EditManifest(m => Step(m, 0)!["bias"]!.AsArray().Add(0.5));
        package.AssertRefused("flow step 0 (act_norm) needs a bias and a log_scale of 1 values");
    }

    [Test]
    public void ACouplingWhoseNetworkIsMissingOrOfAnotherShape()
    {
        using (var package = Copy())
        {
            package.EditManifest(m => Step(m, 1)!["network"] = "coupling99");
            package.AssertRefused("flow step 1 (coupling) names the network 'coupling99', which the package does not have");
        }
        using (var package = Copy())
        {
            package.EditManifest(m => Step(m, 1)!["network"] = "coupling1");
            package.AssertRefused("the coupling1 input is x [batch, 4, 14, 14] but the flow contract needs x [batch, 1, 28, 28]");
        }
    }

    [Test]
    public void ASqueezeOfAnOddImageAndAPixelFlowDrawnAsPoints()
    {
        using (var package = Copy())
        {
            package.EditManifest(m => m["image"]!["pixel_scaling"] = "points");
            package.AssertRefused("a flow of pixels needs pixel_scaling zero_one");
        }
        using (var package = Copy())
        {
            package.EditManifest(m => Step(m, 1)!["parity"] = 2);
            package.AssertRefused("needs a mask (checkerboard or channel) and a parity of 0 or 1");
        }
    }
}
