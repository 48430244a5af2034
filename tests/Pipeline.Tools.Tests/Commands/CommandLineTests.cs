using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Models.Autoencoders;
using Pipeline.Tools.Tests.Support;
using TorchSharp;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>The command line end to end: `export` a checkpoint, `sample` the package; missing inputs are exit code 2 with a plain message.</summary>
public class CommandLineTests
{
    [Test]
    public void ExportThenSampleWritesAPng()
    {
        using var directory = new TempDirectory();
        var checkpoint = directory.File("ae.safetensors");
        torch.random.manual_seed(4);
        using (var model = new MlpAutoencoder(SmallPackages.Config()))
            Checkpoint.Save(checkpoint, new CheckpointContents { Kind = MlpAutoencoder.Kind, ConfigJson = model.Config.ToJson(), Step = 12, Model = model });
        var package = directory.File("package");
        var png = directory.File("samples.png");

        var (exportCode, exportOutput) = ToolsProcess.Run("export", "--checkpoint", checkpoint, "--out", package);
        Assert.That(exportCode, Is.EqualTo(0), exportOutput);
        Assert.That(exportOutput, Does.Contain("encoder: ONNX Runtime vs TorchSharp").And.Contain("wrote"));
        Assert.That(File.Exists(Path.Combine(package, "manifest.json")), Is.True);

        var (sampleCode, sampleOutput) = ToolsProcess.Run("sample", "--model", package, "--count", "4", "--seed", "7", "--out", png);
        Assert.That(sampleCode, Is.EqualTo(0), sampleOutput);
        Assert.That(sampleOutput, Does.Contain("4 samples of package (seed 7)"));
        Assert.That(PngHeader.IsPng(File.ReadAllBytes(png)), Is.True);
    }

    [Test]
    public void AMissingCheckpointIsExitCodeTwoWithAPlainMessage()
    {
        using var directory = new TempDirectory();

        var (code, output) = ToolsProcess.Run("export", "--checkpoint", directory.File("none.safetensors"), "--out", directory.File("package"));

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("error: no checkpoint at").And.Contain("none.safetensors"));
        AssertNoStackTrace(output);
        Assert.That(directory.Entries(), Is.Empty, "nothing was written");
    }

    [Test]
    public void AMissingPackageIsExitCodeTwoWithAPlainMessage()
    {
        using var directory = new TempDirectory();

        var (code, output) = ToolsProcess.Run("sample", "--model", directory.File("none"), "--out", directory.File("samples.png"));

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("error: no exported package at").And.Contain("none"));
        AssertNoStackTrace(output);
        Assert.That(directory.Entries(), Is.Empty, "no PNG was written");
    }

    [Test]
    public void SamplingTheClassifierNamesWhatItIsFor()
    {
        using var directory = new TempDirectory();

        var (code, output) = ToolsProcess.Run("sample", "--model", Repository.Exported("fashion-classifier"), "--out", directory.File("samples.png"));

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Compact(output), Does.Contain("holdsaclassifier,whichgeneratesnoimages:giveittoeval(--classifier)"));
        AssertNoStackTrace(output);
        Assert.That(directory.Entries(), Is.Empty, "no PNG was written");
    }

    [Test]
    public void AClassOutOfRangeNamesTheClassesAndNothingOfDotNet()
    {
        using var directory = new TempDirectory();

        var (code, output) = ToolsProcess.Run("sample", "--model", Repository.Exported("gan-conditional"), "--class", "12", "--count", "2", "--out", directory.File("samples.png"));

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Compact(output), Does.Contain("classlabelsare0..9(T-shirt/top,Trouser,"));
        Assert.That(output, Does.Not.Contain("(Parameter").And.Not.Contain("Actual value"));
        AssertNoStackTrace(output);
        Assert.That(directory.Entries(), Is.Empty, "no PNG was written");
    }

    private static void AssertNoStackTrace(string output) =>
        Assert.That(output, Does.Not.Contain(" at Pipeline.").And.Not.Contain("Exception").And.Not.Contain("Unhandled"));
}
