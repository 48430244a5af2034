using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>The autoregressive family through the command line: train, export, sample, bench.</summary>
public sealed class AutoregressiveCommandTests
{
    [Test]
    public void TrainExportAndSampleAMade()
    {
        using var directory = new TempDirectory();
        var checkpoint = directory.File("made.safetensors");
        var (trainCode, trainOutput) = ToolsProcess.Run("train", "made", "--hidden", "16", "16", "--max-steps", "3", "--out", checkpoint);
        Assert.That(trainCode, Is.EqualTo(0), trainOutput);
        Assert.That(ToolsProcess.Flat(trainOutput), Does.Contain("trained 3 steps").And.Contain("nats/image").And.Contain("one fixed binarization of the test set"));

        var package = directory.File("made");
        var (exportCode, exportOutput) = ToolsProcess.Run("export", "--checkpoint", checkpoint, "--out", package);
        Assert.That(exportCode, Is.EqualTo(0), exportOutput);
        Assert.That(exportOutput, Does.Contain("logits: ONNX Runtime vs TorchSharp"));

        var png = directory.File("made.png");
        var (sampleCode, sampleOutput) = ToolsProcess.Run("sample", "--model", package, "--count", "4", "--out", png);
        Assert.That(sampleCode, Is.EqualTo(0), sampleOutput);
        Assert.That(PngHeader.IsPng(File.ReadAllBytes(png)), Is.True);
    }

    [Test]
    public void TrainsOnTheMnistDigits()
    {
        using var directory = new TempDirectory();
        var (code, output) = ToolsProcess.Run("train", "fvsbn", "--data", "digits", "--max-steps", "2", "--out", directory.File("fvsbn.safetensors"));
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("of 9,000 images").And.Contain("trained 2 steps").And.Contain("nats/image"));
    }

    [Test]
    public void BenchPrintsBothLoopsSideBySide()
    {
        using var packages = new SmallAutoregressivePackages();
        var (code, output) = ToolsProcess.Run("bench", "autoregressive", "--model", packages.Nade, "--model", packages.Fvsbn, "--batch", "2", "--steps", "2", "--rounds", "1");
        Assert.That(code, Is.EqualTo(0), output);
        var flat = ToolsProcess.Flat(output);
        Assert.That(flat, Does.Contain("naive images/s").And.Contain("incremental").And.Contain("speed-up").And.Contain("×").And.Contain("no step"));
    }
}
