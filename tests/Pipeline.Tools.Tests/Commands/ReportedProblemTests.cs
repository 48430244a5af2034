using NUnit.Framework;
using Pipeline.Runtime.Packages;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>
/// The problems the reliability issue reports, as a new user met them, each fixed: a corrupt package is refused, an
/// impossible count is named with its range, and resuming from nothing says so (a missing CUDA provider without ONNX
/// Runtime's own log line: <see cref="GpuPackageTests"/>).
/// </summary>
public sealed class ReportedProblemTests : DamagedPackageFixture
{
    [Test]
    public void BytesFlippedInASealedDecoderAreRefusedBeforeAnyImageIsWritten()
    {
        var decoder = Package.File("decoder.onnx");
        var bytes = File.ReadAllBytes(decoder);
        var random = new Random(200);
        for (var i = 0; i < 200; i++) bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
        File.WriteAllBytes(decoder, bytes);
        var output = Fixture.File("damaged.png");
        var (code, text) = ToolsProcess.Run("sample", "--model", Package.Path, "--out", output);
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(ToolsProcess.Flat(text), Does.Contain("decoder.onnx").And.Contain("match its SHA-256 in the manifest").And.Contain("export it again"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void AnImpossibleCountIsNamedWithItsRange()
    {
        var (code, text) = ToolsProcess.Run("sample", "--model", Package.Path, "--count", "2000000000", "--out", Fixture.File("many.png"));
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(ToolsProcess.Flat(text), Does.Contain("ask for 1 to 2,739,137 images").And.Not.Contain("   at "));
    }

    [Test]
    public void ResumingWhereThereIsNoCheckpointSaysSo()
    {
        var (code, text) = ToolsProcess.Run("train", "autoencoder", "--data", "digits", "--max-steps", "2", "--resume", "--out", Fixture.File("none/ae.safetensors"));
        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(ToolsProcess.Flat(text), Does.Contain("there is no checkpoint at").And.Contain("starts from step 0"));
    }

    [Test]
    public void ATrainingRunFromStepZeroDoesNotReplaceACheckpointUnlessToldTo()
    {
        var checkpoint = Fixture.File("kept/ae.safetensors");
        string[] train = ["train", "autoencoder", "--data", "digits", "--max-steps", "2", "--out", checkpoint];
        Assert.That(ToolsProcess.Run(train).ExitCode, Is.EqualTo(0));
        var before = File.ReadAllBytes(checkpoint);

        var (code, text) = ToolsProcess.Run([.. train, "--seed", "2"]);
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(ToolsProcess.Flat(text).Replace(" ", ""), Does.Contain("alreadyholdsacheckpoint").And.Contain("--resume").And.Contain("--overwrite"));
        Assert.That(File.ReadAllBytes(checkpoint), Is.EqualTo(before), "the checkpoint is untouched");
        Assert.That(ToolsProcess.Flat(ToolsProcess.Run([.. train, "--resume", "--overwrite"]).Output).Replace(" ", ""), Does.Contain("passoneofthem"));

        Assert.That(ToolsProcess.Run([.. train, "--seed", "2", "--overwrite"]).ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllBytes(checkpoint), Is.Not.EqualTo(before), "--overwrite trained again and replaced it");
    }

    [Test]
    public void AMistypedFolderOfPackagesStopsTheReportAndSampleAllBeforeTheyWrite()
    {
        var report = Fixture.File("report.html");
        var (code, text) = ToolsProcess.Run("report", "--models", Fixture.File("exportd"), "--out", report);
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(ToolsProcess.Flat(text).Replace(" ", ""), Does.Contain("--models").And.Contain("doesnotexist"));
        Assert.That(File.Exists(report), Is.False);

        Directory.CreateDirectory(Fixture.File("empty"));
        (code, text) = ToolsProcess.Run("sample-all", "--models", Fixture.File("empty"), "--out", Fixture.File("grids"));
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(ToolsProcess.Flat(text).Replace(" ", ""), Does.Contain("noexportedpackagesunder"));

        (code, text) = ToolsProcess.Run("report", "--models", Path.GetDirectoryName(Repository.Exported("vae-mlp"))!, "--results", Fixture.File("evals"), "--out", report);
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(ToolsProcess.Flat(text).Replace(" ", ""), Does.Contain("--results").And.Contain("doesnotexist"));
        Assert.That(File.Exists(report), Is.False);
    }

    [TestCase("--iw-samples", "0")]
    [TestCase("--likelihood-images", "-1")]
    public void EvaluationCountsAreCheckedBeforeAnyWork(string option, string value)
    {
        var (code, text) = ToolsProcess.Run("eval", "--model", Repository.Exported("vae-mlp"), option, value, "--results", Fixture.File("evals"));
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(ToolsProcess.Flat(text).Replace(" ", ""), Does.Contain($"{option}mustbeapositivenumber,got{value}"));
    }

    [Test]
    public void ADistributedBenchOfACountNamedTwiceIsRefused()
    {
        var (code, text) = ToolsProcess.Run("bench", "distributed", "--processes", "1", "1");
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(ToolsProcess.Flat(text).Replace(" ", ""), Does.Contain("--processes11namesacounttwice"));
    }
}
