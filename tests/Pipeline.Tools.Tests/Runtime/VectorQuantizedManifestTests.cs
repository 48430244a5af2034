using System.Text.Json.Nodes;
using NUnit.Framework;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>The runtime refuses a VQ-VAE package whose manifest breaks the contract, naming the problem and the fix.</summary>
public sealed class VectorQuantizedManifestTests
{
    private SmallVqPackages packages = null!;

    [OneTimeSetUp]
    public void ExportOnce() => packages = new SmallVqPackages();

    [OneTimeTearDown]
    public void Cleanup() => packages.Dispose();

    private DamagedPackage Copy() => new(packages.Unconditional.Directory);

    [Test]
    public void AMissingSection()
    {
        using var package = Copy();
        package.EditManifest(m => m.Remove("vector_quantizer"));
        package.AssertRefused("needs a \"vector_quantizer\" section", "export it again");
    }

    [Test]
    public void ACodebookOfTheWrongSize()
    {
        using var package = Copy();
        package.EditManifest(m => m["vector_quantizer"]!["codebook"]!.AsArray().RemoveAt(0));
        package.AssertRefused($"the codebook must hold {SmallVqPackages.Codes}×4 = {SmallVqPackages.Codes * 4} values, it has {SmallVqPackages.Codes * 4 - 1}");
    }

    [Test]
    public void APriorOverAnotherNumberOfCodes()
    {
        using var package = Copy();
        package.EditManifest(m => m["autoregressive"]!["categories"] = 8);
        package.AssertRefused($"the prior draws 8 categories but the codebook has {SmallVqPackages.Codes} codes");
    }

    [Test]
    public void AGridTheNetworksDoNotHave()
    {
        using var package = Copy();
        package.EditManifest(m => m["vector_quantizer"]!["grid_shape"] = new JsonArray(6, 6));
        package.AssertRefused("the encoder output is latent [batch, 4, 7, 7] but the vector-quantized contract needs latent [batch, 4, 6, 6]");
    }

    [Test]
    public void AOneHotStepWhoseFirstCacheIsNotOneHot()
    {
        using var package = Copy();
        package.EditManifest(m => m["autoregressive"]!["cached_layers"]![0]!["channels"] = 1);
        package.AssertRefused($"the grid's {SmallVqPackages.Codes} channel(s) (one-hot) first");
    }

    [Test]
    public void ALogitsNetworkThePackageLacks()
    {
        using var package = Copy();
        package.EditManifest(m => m["networks"]!.AsObject().Remove("logits"));
        package.AssertRefused("lacks the 'logits' network");
    }
}
