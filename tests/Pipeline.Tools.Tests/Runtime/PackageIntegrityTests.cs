using NUnit.Framework;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>
/// A package's seal: the manifest records every other file's SHA-256 and manifest.sha256 the manifest's; any change is
/// refused when the package is opened, naming the file and the fix; unsealed packages open and say so.
/// </summary>
public sealed class PackageIntegrityTests : DamagedPackageFixture
{
    [Test]
    public void AnExportedPackageIsSealedAndVerifies()
    {
        var manifest = PackageReader.Read(Package.Path);
        Assert.That(manifest.Integrity, Is.EqualTo(PackageIntegrityStatus.Verified));
        Assert.That(manifest.Files!.Keys, Is.EquivalentTo(new[] { "decoder.onnx", "encoder.onnx" }));
        Assert.That(manifest.Files["decoder.onnx"], Is.EqualTo(PackageIntegrity.Sha256(Package.File("decoder.onnx"))).And.Length.EqualTo(64));
        Assert.That(File.Exists(Package.File(PackageIntegrity.HashFileName)), Is.True);
    }

    [Test]
    public void ABitFlippedInANetworkIsNamed()
    {
        var bytes = File.ReadAllBytes(Package.File("decoder.onnx"));
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(Package.File("decoder.onnx"), bytes);
        Package.AssertRefused("decoder.onnx does not match its SHA-256 in the manifest", "export it again with tools/pipeline export");
    }

    [Test]
    public void AnEditedManifestOrAMissingHashFileIsRefused()
    {
        var path = Package.File(ManifestJson.FileName);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"description\": \"\"", "\"description\": \"edited\""));
        Package.AssertRefused("does not match its manifest.sha256", "changed or damaged after export");

        using var other = new DamagedPackage(Package.Path);
        File.Delete(other.File(PackageIntegrity.HashFileName));
        other.AssertRefused("lists file hashes but manifest.sha256 is missing");
    }

    [Test]
    public void AFileAddedAfterExportIsRefusedButHiddenFilesAreNot()
    {
        File.WriteAllText(Package.File(".writer.tmp"), "a temporary of an atomic write");
        Assert.That(PackageReader.Read(Package.Path).Integrity, Is.EqualTo(PackageIntegrityStatus.Verified));
        File.WriteAllText(Package.File("extra.onnx"), "planted");
        Package.AssertRefused("extra.onnx is not part of the sealed package");
    }

    [Test]
    public void AnUnsealedPackageOpensSaysSoAndCanBeSealed()
    {
        File.Delete(Package.File(PackageIntegrity.HashFileName));
        Package.EditManifest(m => m.Remove("files"));
        var manifest = PackageReader.Read(Package.Path);
        Assert.That(manifest.Integrity, Is.EqualTo(PackageIntegrityStatus.Unsealed));
        using (var model = ModelPackage.Open(Package.Path)) Assert.That(model.Sample(2, 1).Count, Is.EqualTo(2));

        var (sampleCode, sampleOutput) = ToolsProcess.Run("sample", "--model", Package.Path, "--count", "2", "--out", Fixture.File("s.png"));
        Assert.That(sampleCode, Is.EqualTo(0), sampleOutput);
        Assert.That(ToolsProcess.Flat(sampleOutput), Does.Contain("records no integrity hashes").And.Contain("tools/pipeline seal --model"));

        var (sealCode, sealOutput) = ToolsProcess.Run("seal", "--model", Package.Path);
        Assert.That(sealCode, Is.EqualTo(0), sealOutput);
        Assert.That(PackageReader.Read(Package.Path).Integrity, Is.EqualTo(PackageIntegrityStatus.Verified));
        Assert.That(ToolsProcess.Flat(ToolsProcess.Run("seal", "--model", Package.Path).Output), Does.Contain("already sealed"));
    }

    [Test]
    public void ASealInterruptedBetweenItsTwoWritesIsCompletedBySealOnlyWhenEveryFileMatches()
    {
        // The seal wrote the manifest with the hashes, then stopped before manifest.sha256.
        File.Delete(Package.File(PackageIntegrity.HashFileName));
        Package.AssertRefused("manifest.sha256 is missing", "seal interrupted between its two writes", "tools/pipeline seal --model");

        using (var damaged = new DamagedPackage(Package.Path))
        {
            File.AppendAllText(damaged.File("decoder.onnx"), "changed since");
            Assert.That(PackageIntegrity.CompleteInterruptedSeal(damaged.Path), Is.False, "a file no longer matches: nothing is written");
            Assert.That(File.Exists(damaged.File(PackageIntegrity.HashFileName)), Is.False);
        }

        var (code, text) = ToolsProcess.Run("seal", "--model", Package.Path);
        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(ToolsProcess.Flat(text).Replace(" ", ""), Does.Contain("completedasealthatwasinterrupted"));
        Assert.That(PackageReader.Read(Package.Path).Integrity, Is.EqualTo(PackageIntegrityStatus.Verified));
        Assert.That(PackageIntegrity.CompleteInterruptedSeal(Package.Path), Is.False, "a whole seal is left as it is");
    }
}
