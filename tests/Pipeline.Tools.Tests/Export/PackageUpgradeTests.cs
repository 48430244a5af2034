using NUnit.Framework;
using Pipeline.Onnx;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tests.Support;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Export;

public class PackageUpgradeTests
{
    private SmallAutoregressivePackages packages = null!;
    private SmallVqPackages quantized = null!;

    [OneTimeSetUp]
    public void ExportOnce()
    {
        packages = new SmallAutoregressivePackages();
        quantized = new SmallVqPackages();
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        packages.Dispose();
        quantized.Dispose();
    }

    private static float[] Samples(string package, int? label)
    {
        using var model = ModelPackage.Open(package);
        return model.Sample(6, seed: 5, label).Pixels;
    }

    private string RowPackage(string name) => name switch
    {
        "pixelcnn" => packages.PixelCnn,
        "pixelcnn-conditional" => packages.ConditionalPixelCnn,
        "pixelcnn-256" => packages.PixelCnn256,
        "vqvae" => quantized.Unconditional.Directory,
        _ => quantized.Conditional.Directory,
    };

    [TestCase("pixelcnn", null)]
    [TestCase("pixelcnn-conditional", 3)]
    [TestCase("pixelcnn-256", null)]
    [TestCase("vqvae", null)]
    [TestCase("vqvae-conditional", 3)]
    public void ACausalPackageIsRebuiltFromItsOwnWeightsIntoTheRowForm(string name, int? label)
    {
        using var directory = new TempDirectory();
        var rowPackage = RowPackage(name);
        var source = CausalPixelCnn.Write(rowPackage, directory.File("causal"));
        var target = directory.File(name);

        var (result, report) = PackageUpgrade.Upgrade(source, target);

        // The weights came from the logits network's initializers: a model with any other weights would not agree.
        Assert.That(report.Agreement.Max, Is.LessThanOrEqualTo(1e-5));
        Assert.That(report.RowForm.Max, Is.LessThanOrEqualTo(1e-5), "the rows and step networks compute the causal step's logits and centres");
        Assert.That(report.Networks.Select(n => (n.Role, n.BytesBefore is null)), Is.EquivalentTo(new[] { ("rows", true), ("step", false) }));
        Assert.That(result.MaxDifferences.Keys, Is.EquivalentTo(new[] { "rows", "step" }));
        Assert.That(result.MaxDifferences.Values, Has.All.LessThanOrEqualTo(1e-4));
        var (before, after) = (PackageReader.Read(source), PackageReader.Read(target));
        Assert.That(after.Networks.Keys, Is.EquivalentTo(before.Networks.Keys.Append("rows")));
        Assert.That(after.Autoregressive!.Incremental, Is.EqualTo(IncrementalDecoding.RowPixelCnn));
        Assert.That(after.Autoregressive, Is.EqualTo(before.Autoregressive).Using<AutoregressiveSpec>((a, b) => a.Categories == b.Categories && a.CachedLayers!.SequenceEqual(b.CachedLayers!)));
        Assert.That(File.ReadAllBytes(Path.Combine(target, "logits.onnx")), Is.EqualTo(File.ReadAllBytes(Path.Combine(source, "logits.onnx"))), "only the step networks are written again");
        foreach (var file in new[] { "rows.onnx", "step.onnx" })
            Assert.That(File.ReadAllBytes(Path.Combine(target, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(rowPackage, file))), $"{file}: as the model's own export writes it");
        Assert.That(Samples(target, label), Is.EqualTo(Samples(source, label)));
    }

    [TestCase("pixelcnn-conditional", 3)]
    [TestCase("vqvae", null)]
    public void AChannelFirstPackageSamplesAsItsCausalFormAndUpgradesToTheRowForm(string name, int? label)
    {
        using var directory = new TempDirectory();
        var causal = CausalPixelCnn.Write(RowPackage(name), directory.File("causal"));
        var old = ChannelFirstPixelCnn.Write(causal, directory.File("old"));
        Assert.That(PackageReader.Read(old).Autoregressive!.Incremental, Is.EqualTo(IncrementalDecoding.PixelCnn));
        Assert.That(Samples(old, label), Is.EqualTo(Samples(causal, label)), "the runtime copies the same entries into channel-first patches");

        var (_, report) = PackageUpgrade.Upgrade(old, directory.File("new"));

        Assert.That(report.Agreement.Max, Is.LessThanOrEqualTo(1e-5), "compared on the same patches in each network's layout");
        var upgraded = PackageReader.Read(directory.File("new"));
        Assert.That(upgraded.Autoregressive!.Incremental, Is.EqualTo(IncrementalDecoding.RowPixelCnn));
        Assert.That(Samples(directory.File("new"), label), Is.EqualTo(Samples(old, label)));
    }

    [Test]
    public void AnUpgradeInPlaceFromTheCommandLineKeepsTheManifestAndReseals()
    {
        using var directory = new TempDirectory();
        var target = CausalPixelCnn.Write(packages.ConditionalPixelCnn, directory.File("pixelcnn"));

        var (exitCode, output) = ToolsProcess.Run("export", "--package", target, "--upgrade", "--out", target);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("step: exported again from the package's weights").And.Contain("rows: exported again from the package's weights, new →")
            .And.Contain("random batches: max |Δ|").And.Contain("its rows and step networks against its causal step"));
        var manifest = PackageReader.Read(target);                 // reads and verifies every file's hash
        Assert.That((manifest.Name, manifest.Classes?.Count, manifest.Autoregressive!.Incremental), Is.EqualTo(("pixelcnn", 10, IncrementalDecoding.RowPixelCnn)));
        Assert.That(Directory.GetDirectories(directory.Path), Has.Length.EqualTo(1), "no staging folder is left");
    }

    [Test]
    public void AnUpgradeRefusesWhatItCannotRebuild()
    {
        using var directory = new TempDirectory();
        Assert.That(() => PackageUpgrade.Upgrade(packages.Nade, directory.File("nade")),
            Throws.TypeOf<UsageException>().With.Message.Contains("nothing to upgrade"));
        Assert.That(() => PackageUpgrade.Upgrade(packages.PixelCnn, directory.File("row")),
            Throws.TypeOf<UsageException>().With.Message.Contains("nothing to upgrade"), "a row-form package is upgraded already");
        var (code, output) = ToolsProcess.Run("export", "--package", packages.PixelCnn, "--upgrade", "--precision", "int8", "--out", directory.File("x"));
        Assert.That(code, Is.Not.Zero);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("--upgrade takes --package"));

        // A logits network whose weights are not the model's (here a renamed initializer) is refused, and nothing is written.
        var damaged = CausalPixelCnn.Write(packages.PixelCnn, directory.File("damaged"));
        var logits = Path.Combine(damaged, "logits.onnx");
        var model = OnnxModelFile.Read(logits);
        model.Graph.Initializer.First(i => i.Name.EndsWith("blocks.0.up.weight", StringComparison.Ordinal)).Name = "renamed";
        foreach (var node in model.Graph.Node)
            for (var i = 0; i < node.Input.Count; i++) if (node.Input[i].EndsWith("blocks.0.up.weight", StringComparison.Ordinal)) node.Input[i] = "renamed";
        OnnxModelFile.Write(model, logits);
        PackageIntegrity.Seal(damaged);
        Assert.That(() => PackageUpgrade.Upgrade(damaged, directory.File("out")),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("no initializer").And.Message.Contains("blocks.0.up.weight"));
        Assert.That(Directory.Exists(directory.File("out")), Is.False);
    }
}
