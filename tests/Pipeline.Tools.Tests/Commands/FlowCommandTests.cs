using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>The flow family through the command line: train, export, sample, sample-all, eval, for images and for 2-D points.</summary>
public sealed class FlowCommandTests
{
    private static readonly string Classifier = Repository.Exported("fashion-classifier");

    [Test]
    public void TrainAnImageFlowWithEarlyStoppingExportSampleAndEvaluate()
    {
        using var directory = new TempDirectory();
        var checkpoint = directory.File("flow.safetensors");
        var (trainCode, trainOutput) = ToolsProcess.Run("train", "realnvp", "--data", "digits", "--levels", "1", "--couplings", "1", "--final-couplings", "1",
            "--hidden", "4", "--epochs", "2", "--batch-size", "500", "--validation", "500", "--patience", "1", "--out", checkpoint);
        Assert.That(trainCode, Is.EqualTo(0), trainOutput);
        var flat = ToolsProcess.Flat(trainOutput);
        Assert.That(flat, Does.Contain("validation (500 held-out images) after each epoch").And.Contain("kept epoch").And.Contain("bits/dim"));

        var package = directory.File("packages/realnvp");
        var (exportCode, exportOutput) = ToolsProcess.Run("export", "--checkpoint", checkpoint, "--out", package);
        Assert.That(exportCode, Is.EqualTo(0), exportOutput);
        Assert.That(exportOutput, Does.Contain("coupling0: ONNX Runtime vs TorchSharp").And.Contain("coupling2: ONNX Runtime vs TorchSharp"));

        var (sampleAllCode, sampleAllOutput) = ToolsProcess.Run("sample-all", "--models", directory.File("packages"), "--out", directory.File("out"));
        Assert.That(sampleAllCode, Is.EqualTo(0), sampleAllOutput);
        foreach (var file in new[] { "realnvp.png", "realnvp-t0.8.png", "realnvp-t0.6.png" })
            Assert.That(PngHeader.IsPng(File.ReadAllBytes(directory.File(Path.Combine("out", file)))), Is.True, file);

        // A flow of the digits is measured on the digits' test images: bits/dim, no clothes-feature FID, no digits-as-OOD test.
        using var results = new TempDirectory();
        var (evalCode, evalOutput) = ToolsProcess.Run("eval", "--classifier", Classifier, "--model", package, "--count", "20", "--likelihood-images", "30", "--results", results.Path);
        Assert.That(evalCode, Is.EqualTo(0), evalOutput);
        Assert.That(ToolsProcess.Flat(evalOutput), Does.Contain("dequantized").And.Contain("bits/dim").And.Not.Contain("AUROC").And.Not.Contain("FID"));
    }

    [Test]
    public void EvaluateTheShippedImageFlowWithItsOutOfDistributionTest()
    {
        using var results = new TempDirectory();
        var (code, output) = ToolsProcess.Run("eval", "--classifier", Classifier, "--model", Repository.Exported("realnvp"), "--count", "20",
            "--likelihood-images", "30", "--results", results.Path);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("flow inversion").And.Contain("dequantized").And.Contain("AUROC").And.Contain("FID"));
    }

    [Test]
    public void TrainAToyFlowExportItAndDrawItsDensityBesideTheData()
    {
        using var directory = new TempDirectory();
        var checkpoint = directory.File("toy.safetensors");
        var (trainCode, trainOutput) = ToolsProcess.Run("train", "toy-flow", "--density", "eight-gaussians", "--steps", "20", "--couplings", "2", "--hidden", "8", "--out", checkpoint);
        Assert.That(trainCode, Is.EqualTo(0), trainOutput);
        Assert.That(ToolsProcess.Flat(trainOutput), Does.Contain("trained 20 steps").And.Contain("fresh points"));

        var package = directory.File("packages/toy");
        Assert.That(ToolsProcess.Run("export", "--checkpoint", checkpoint, "--out", package).ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(Path.Combine(package, "manifest.json")), Does.Contain("\"dataset\": \"eight_gaussians\"").And.Contain("\"pixel_scaling\": \"points\""));
        var (sampleCode, sampleOutput) = ToolsProcess.Run("sample-all", "--models", directory.File("packages"), "--out", directory.File("out"));
        Assert.That(sampleCode, Is.EqualTo(0), sampleOutput);
        Assert.That(PngHeader.IsPng(File.ReadAllBytes(directory.File("out/toy.png"))), Is.True);
        // `sample` of 2-D points draws their histogram (a grid of 2-channel images is no picture).
        var (pointsCode, pointsOutput) = ToolsProcess.Run("sample", "--model", package, "--count", "500", "--out", directory.File("points.png"));
        Assert.That(pointsCode, Is.EqualTo(0), pointsOutput);
        Assert.That(ToolsProcess.Flat(pointsOutput), Does.Contain("500 samples of toy").And.Contain("histogram"));
        Assert.That(PngHeader.IsPng(File.ReadAllBytes(directory.File("points.png"))), Is.True);

        using var results = new TempDirectory();
        var (evalCode, evalOutput) = ToolsProcess.Run("eval", "--classifier", Classifier, "--model", package, "--count", "100", "--results", results.Path);
        Assert.That(evalCode, Is.EqualTo(0), evalOutput);
        Assert.That(ToolsProcess.Flat(evalOutput), Does.Contain("∫ p =").And.Contain("fresh points"));
    }

    [Test]
    public void AnUnknownDensityIsAUsageError()
    {
        var (code, output) = ToolsProcess.Run("train", "toy-flow", "--density", "spiral", "--steps", "1");
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("--density 'spiral' is not a toy density").And.Contain("two-moons"));
    }
}
