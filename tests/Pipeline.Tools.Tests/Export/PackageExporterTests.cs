using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;
using TorchSharp;

namespace Pipeline.Tools.Tests.Export;

public class PackageExporterTests
{
    [TestCase("encoder")]
    [TestCase("decoder")]
    public void AnExportThatDisagreesWithTorchSharpWritesNothing(string wrongRole)
    {
        using var directory = new TempDirectory();
        var target = directory.File("package");
        torch.random.manual_seed(5);
        using var model = new DisagreeingModel(wrongRole);

        Assert.That(() => PackageExporter.Export(model, DisagreeingModel.Kind, target, trainingImages: TrainingImages.FirstFiveHundred),
            Throws.TypeOf<ExportVerificationException>()
                .With.Message.Contains($"the {wrongRole} network of {DisagreeingModel.Kind}").And.Message.Contains("differs from TorchSharp").And.Message.Contains("No package was written"));
        Assert.That(Directory.Exists(target), Is.False);
        Assert.That(directory.Entries(), Is.Empty, "no staging folder is left");
    }

    [Test]
    public void TheDoubleWithoutAWrongNetworkExports()
    {
        using var directory = new TempDirectory();
        torch.random.manual_seed(5);
        using var model = new DisagreeingModel(wrongRole: "none");

        var result = PackageExporter.Export(model, DisagreeingModel.Kind, directory.File("package"), trainingImages: TrainingImages.FirstFiveHundred);

        Assert.That(result.MaxDifferences.Keys, Is.EquivalentTo(new[] { "encoder", "decoder" }));
        Assert.That(result.MaxDifferences.Values, Has.All.LessThanOrEqualTo(1e-4));
        Assert.That(PackageReader.Read(result.Directory).Kind, Is.EqualTo(DisagreeingModel.Kind));
    }

    [TestCase("encoder")]
    [TestCase("decoder")]
    public void ARefusedExportLeavesThePreviousPackageByteForByte(string wrongRole)
    {
        using var directory = new TempDirectory();
        var target = directory.File("package");
        SmallPackages.Autoencoder(target);
        var before = SmallPackages.Snapshot(target);
        torch.random.manual_seed(5);
        using var model = new DisagreeingModel(wrongRole);

        Assert.That(() => PackageExporter.Export(model, DisagreeingModel.Kind, target, trainingImages: TrainingImages.FirstFiveHundred),
            Throws.TypeOf<ExportVerificationException>());

        var after = SmallPackages.Snapshot(target);
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys));
        foreach (var (file, bytes) in before) Assert.That(after[file], Is.EqualTo(bytes), file);
        Assert.That(directory.Entries(), Is.EqualTo(new[] { "package" }), "no staging folder is left");
    }

    [Test]
    public void ANewExportReplacesThePreviousPackage()
    {
        using var directory = new TempDirectory();
        var target = directory.File("package");
        SmallPackages.Autoencoder(target, latentSize: 2);
        File.WriteAllText(Path.Combine(target, "stale.txt"), "left by an older package");

        var result = SmallPackages.Autoencoder(target, latentSize: 3);

        Assert.That(PackageReader.Read(target).Latent!.Size, Is.EqualTo(3));
        Assert.That(result.Directory, Is.EqualTo(Path.GetFullPath(target)));
        Assert.That(File.Exists(Path.Combine(target, "stale.txt")), Is.False);
        Assert.That(directory.Entries(), Is.EqualTo(new[] { "package" }), "no staging or old folder is left");
    }

    [Test]
    public void ATrailingSeparatorStillNamesThePackageFolder()
    {
        using var directory = new TempDirectory();
        var target = directory.File("package");

        var result = SmallPackages.Autoencoder(target + Path.DirectorySeparatorChar);

        Assert.That(result.Directory, Is.EqualTo(Path.GetFullPath(target)));
        Assert.That(result.Manifest.Name, Is.EqualTo("package"));
        Assert.That(PackageReader.Read(target).Name, Is.EqualTo("package"));
        Assert.That(directory.Entries(), Is.EqualTo(new[] { "package" }), "no staging folder is left");
    }

    [Test]
    public void AFolderThatIsNotAPackageIsNeverReplaced()
    {
        using var directory = new TempDirectory();
        var folder = directory.File("exported");
        SmallPackages.Autoencoder(Path.Combine(folder, "ae"));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "not a package");

        Assert.That(() => SmallPackages.Autoencoder(folder),
            Throws.TypeOf<UsageException>().With.Message.Contains("no manifest.json").And.Message.Contains("new folder"));
        Assert.That(File.Exists(Path.Combine(folder, "notes.txt")) && PackageReader.Read(Path.Combine(folder, "ae")).Latent is not null, "nothing was deleted");
        Assert.That(directory.Entries(), Is.EqualTo(new[] { "exported" }), "no staging folder is left");
    }

    [Test]
    public void AFileOrAnEmptyFolderAsTarget()
    {
        using var directory = new TempDirectory();
        var file = directory.File("package");
        File.WriteAllText(file, "a file");
        Assert.That(() => SmallPackages.Autoencoder(file), Throws.TypeOf<UsageException>().With.Message.Contains("is a file"));

        var empty = directory.File("empty");
        Directory.CreateDirectory(empty);
        SmallPackages.Autoencoder(empty);
        Assert.That(PackageReader.Read(empty).Name, Is.EqualTo("empty"));
    }

    [Test]
    public void AnExportKilledBetweenItsTwoMovesGetsTheOlderPackageBack()
    {
        using var directory = new TempDirectory();
        var target = directory.File("package");
        SmallPackages.Autoencoder(target);
        var before = SmallPackages.Snapshot(target);
        // Killed after the older package was moved aside, before the new one was moved in.
        Directory.Move(target, directory.File(".package.0123456789abcdef0123456789abcdef.staging.old"));
        Directory.CreateDirectory(directory.File(".package.0123456789abcdef0123456789abcdef.staging"));
        torch.random.manual_seed(5);
        using var model = new DisagreeingModel("decoder");

        Assert.That(() => PackageExporter.Export(model, DisagreeingModel.Kind, target, trainingImages: TrainingImages.FirstFiveHundred),
            Throws.TypeOf<ExportVerificationException>());

        var after = SmallPackages.Snapshot(target);
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys), "the older package is back, and the refused export left it");
        foreach (var (file, bytes) in before) Assert.That(after[file], Is.EqualTo(bytes), file);
        Assert.That(directory.Entries(), Is.EqualTo(new[] { "package" }));
    }
}
