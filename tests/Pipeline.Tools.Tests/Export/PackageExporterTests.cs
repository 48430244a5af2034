using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Packages;
using Pipeline.Tensors;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Export;

public class PackageExporterTests
{
    [TestCase("encoder")]
    [TestCase("decoder")]
    public void AnExportThatDisagreesWithLibtorchWritesNothing(string wrongRole)
    {
        using var directory = new TempDirectory();
        var target = directory.File("package");
        using var generator = new Generator(5);
        using var model = new DisagreeingModel(wrongRole, generator);

        Assert.That(() => PackageExporter.Export(model, DisagreeingModel.Kind, target, trainingImages: TrainingImages.FirstFiveHundred),
            Throws.TypeOf<ExportVerificationException>()
                .With.Message.Contains($"the {wrongRole} network of {DisagreeingModel.Kind}").And.Message.Contains("no package was written"));
        Assert.That(Directory.Exists(target), Is.False);
        Assert.That(directory.Entries(), Is.Empty, "no staging folder is left");
    }

    [TestCase("encoder")]
    [TestCase("decoder")]
    public void ARefusedExportLeavesThePreviousPackageByteForByte(string wrongRole)
    {
        using var directory = new TempDirectory();
        var target = directory.File("package");
        SmallPackages.Autoencoder(target);
        var before = SmallPackages.Snapshot(target);
        using var generator = new Generator(5);
        using var model = new DisagreeingModel(wrongRole, generator);

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
}
