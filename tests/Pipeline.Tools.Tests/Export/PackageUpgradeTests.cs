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

    [TestCase("pixelcnn", null)]
    [TestCase("pixelcnn-conditional", 3)]
    [TestCase("pixelcnn-256", null)]
    [TestCase("vqvae", null)]
    [TestCase("vqvae-conditional", 3)]
    public void AnUpgradedPackageIsRebuiltFromItsOwnWeightsAndSamplesTheSameImages(string name, int? label)
    {
        var source = name switch
        {
            "pixelcnn" => packages.PixelCnn,
            "pixelcnn-conditional" => packages.ConditionalPixelCnn,
            "pixelcnn-256" => packages.PixelCnn256,
            "vqvae" => quantized.Unconditional.Directory,
            _ => quantized.Conditional.Directory,
        };
        using var directory = new TempDirectory();
        var target = directory.File(name);

        var (result, upgrades) = PackageUpgrade.Upgrade(source, target);

        // The weights came from the logits network's initializers: a step network with any other weights would not agree.
        var upgrade = upgrades.Single();
        Assert.That(upgrade.Role, Is.EqualTo("step"));
        Assert.That(upgrade.Difference.Max, Is.LessThanOrEqualTo(1e-5));
        Assert.That(result.MaxDifferences["step"], Is.LessThanOrEqualTo(1e-4));
        var (before, after) = (PackageReader.Read(source), PackageReader.Read(target));
        Assert.That(after.Networks.Keys, Is.EquivalentTo(before.Networks.Keys));
        Assert.That(after.Autoregressive, Is.EqualTo(before.Autoregressive).Using<AutoregressiveSpec>((a, b) => a.Categories == b.Categories && a.CachedLayers!.SequenceEqual(b.CachedLayers!)));
        Assert.That(File.ReadAllBytes(Path.Combine(target, "logits.onnx")), Is.EqualTo(File.ReadAllBytes(Path.Combine(source, "logits.onnx"))), "only the step network is written again");
        Assert.That(OnnxModelFile.Read(Path.Combine(target, "step.onnx")).Graph.Node.Select(n => n.OpType), Has.None.EqualTo("Conv").And.None.EqualTo("Pad"));
        Assert.That(Samples(target, label), Is.EqualTo(Samples(source, label)));
    }

    [TestCase("pixelcnn-conditional", 3)]
    [TestCase("vqvae", null)]
    public void AChannelFirstPackageSamplesAsItsCausalFormAndUpgradesToIt(string name, int? label)
    {
        var source = name == "vqvae" ? quantized.Unconditional.Directory : packages.ConditionalPixelCnn;
        using var directory = new TempDirectory();
        var old = ChannelFirstPixelCnn.Write(source, directory.File("old"));
        Assert.That(PackageReader.Read(old).Autoregressive!.Incremental, Is.EqualTo(IncrementalDecoding.PixelCnn));
        Assert.That(Samples(old, label), Is.EqualTo(Samples(source, label)), "the runtime copies the same entries into channel-first patches");

        var (_, upgrades) = PackageUpgrade.Upgrade(old, directory.File("new"));

        Assert.That(upgrades.Single().Difference.Max, Is.LessThanOrEqualTo(1e-5), "compared on the same patches in each network's layout");
        var upgraded = PackageReader.Read(directory.File("new"));
        Assert.That(upgraded.Autoregressive!.Incremental, Is.EqualTo(IncrementalDecoding.CausalPixelCnn));
        Assert.That(upgraded.Networks["step"].Inputs, Is.EqualTo(PackageReader.Read(source).Networks["step"].Inputs).Using<TensorSpec>((a, b) => a.Name == b.Name && a.Shape.SequenceEqual(b.Shape)));
        Assert.That(Samples(directory.File("new"), label), Is.EqualTo(Samples(old, label)));
    }

    [Test]
    public void AnUpgradeInPlaceFromTheCommandLineKeepsTheManifestAndReseals()
    {
        using var directory = new TempDirectory();
        var target = directory.File("pixelcnn");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(packages.ConditionalPixelCnn)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));

        var (exitCode, output) = ToolsProcess.Run("export", "--package", target, "--upgrade", "--out", target);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("step: exported again from the package's weights").And.Contain("random batches max |Δ|"));
        var manifest = PackageReader.Read(target);                 // reads and verifies every file's hash
        Assert.That((manifest.Name, manifest.Classes?.Count), Is.EqualTo(("pixelcnn", 10)));
        Assert.That(Directory.GetDirectories(directory.Path), Has.Length.EqualTo(1), "no staging folder is left");
    }

    [Test]
    public void AnUpgradeRefusesWhatItCannotRebuild()
    {
        using var directory = new TempDirectory();
        Assert.That(() => PackageUpgrade.Upgrade(packages.Nade, directory.File("nade")),
            Throws.TypeOf<UsageException>().With.Message.Contains("nothing to upgrade"));
        var (code, output) = ToolsProcess.Run("export", "--package", packages.PixelCnn, "--upgrade", "--precision", "int8", "--out", directory.File("x"));
        Assert.That(code, Is.Not.Zero);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("--upgrade takes --package"));

        // A logits network whose weights are not the model's (here a renamed initializer) is refused, and nothing is written.
        var damaged = directory.File("damaged");
        Directory.CreateDirectory(damaged);
        foreach (var file in Directory.GetFiles(packages.PixelCnn)) File.Copy(file, Path.Combine(damaged, Path.GetFileName(file)));
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
