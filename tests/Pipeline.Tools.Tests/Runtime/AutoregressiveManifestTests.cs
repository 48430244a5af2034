using System.Text.Json.Nodes;
using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>The runtime refuses an autoregressive package whose manifest breaks the contract, naming the problem and the fix.</summary>
public sealed class AutoregressiveManifestTests
{
    private SmallAutoregressivePackages packages = null!;

    [OneTimeSetUp]
    public void ExportOnce() => packages = new SmallAutoregressivePackages();

    [OneTimeTearDown]
    public void Cleanup() => packages.Dispose();

    [Test]
    public void AMissingSection()
    {
        using var package = new DamagedPackage(packages.Nade);
        package.EditManifest(m => m.Remove("autoregressive"));
        package.AssertRefused("needs an \"autoregressive\" section", "export it again");
    }

    [Test]
    public void AStepNetworkTheManifestPromisesButLacks()
    {
        using var package = new DamagedPackage(packages.PixelCnn);
        package.EditManifest(m => m["networks"]!.AsObject().Remove("step"));
        package.AssertRefused("says incremental \"row_pixel_cnn\" but has no 'step' network");
    }

    [Test]
    public void ARowsNetworkTheManifestPromisesButLacks()
    {
        using var package = new DamagedPackage(packages.PixelCnn);
        package.EditManifest(m => m["networks"]!.AsObject().Remove("rows"));
        package.AssertRefused("says incremental \"row_pixel_cnn\" but has no 'rows' network");
    }

    [Test]
    public void ARowsNetworkInAnotherForm()
    {
        using var package = new DamagedPackage(packages.PixelCnn);
        package.EditManifest(m => m["autoregressive"]!["incremental"] = "causal_pixel_cnn");
        package.AssertRefused("has a 'rows' network but says incremental \"causal_pixel_cnn\"");
    }

    [Test]
    public void ARowFormWithAOneByOneKernel()
    {
        using var package = new DamagedPackage(packages.PixelCnn);
        package.EditManifest(m => m["autoregressive"]!["cached_layers"]![1]!["kernel"] = 1);
        package.AssertRefused("a PixelCNN in row form needs kernels of at least 3", "[7, 1, 3]");
    }

    [Test]
    public void AStepThatDoesNotReadWhatTheRowsNetworkGives()
    {
        using var package = new DamagedPackage(packages.PixelCnn);
        package.EditManifest(m => m["networks"]!["rows"]!["outputs"]![1]!["shape"]![1] = 7);
        package.AssertRefused("the step input is above_1 [batch, 4] but the autoregressive contract needs above_1 [batch, 7]");
    }

    [Test]
    public void CategoriesTheLogitsDoNotHave()
    {
        using var package = new DamagedPackage(packages.Made);
        package.EditManifest(m => m["autoregressive"]!["categories"] = 3);
        package.AssertRefused("logits output is logits [batch, 64, 2] but the autoregressive contract needs logits [batch, 64, 3]");
    }

    [Test]
    public void AnOrderThatIsNotAPermutation()
    {
        using var package = new DamagedPackage(packages.Made);
        package.EditManifest(m => m["autoregressive"]!["order"]![0] = m["autoregressive"]!["order"]![1]!.GetValue<int>());
        package.AssertRefused("must list each of the 64 positions once");
    }

    [Test]
    public void CachedLayersTheStepNetworkDoesNotRead()
    {
        using var package = new DamagedPackage(packages.PixelCnn);
        package.EditManifest(m => m["autoregressive"]!["cached_layers"]![1]!["channels"] = 5);
        package.AssertRefused("the rows input is tap_1_0_0 [batch, 4] but the autoregressive contract needs tap_1_0_0 [batch, 5]");
    }

    [Test]
    public void APatchLayoutTheStepNetworkDoesNotRead()
    {
        using var directory = new TempDirectory();
        using var package = new DamagedPackage(CausalPixelCnn.Write(packages.PixelCnn, directory.File("causal")));
        package.EditManifest(m => m["autoregressive"]!["incremental"] = "pixel_cnn");       // channel-first patches: C·k·k a layer
        package.AssertRefused("the step input is patches", "the autoregressive contract needs patches");
    }

    [Test]
    public void AGridThatIsNotTheImage()
    {
        using var package = new DamagedPackage(packages.Nade);
        package.EditManifest(m => m["autoregressive"]!["grid_shape"] = new JsonArray(1, 4, 16));
        package.AssertRefused("the grid [1, 4, 16] must be the image's [1, 8, 8]");
    }
}
