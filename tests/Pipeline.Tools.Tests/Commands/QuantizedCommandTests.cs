using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>The VQ-VAE family through the command line: train the VQ-VAE, then its prior, export, sample.</summary>
public sealed class QuantizedCommandTests
{
    [Test]
    public void TrainAVqVaeThenItsPriorExportAndSample()
    {
        using var directory = new TempDirectory();
        var autoencoder = directory.File("vqvae.safetensors");
        var (trainCode, trainOutput) = ToolsProcess.Run("train", "vqvae", "--codes", "16", "--dimension", "4", "--ema", "--restart-dead", "--max-steps", "3", "--out", autoencoder);
        Assert.That(trainCode, Is.EqualTo(0), trainOutput);
        Assert.That(ToolsProcess.Flat(trainOutput), Does.Contain("trained 3 steps").And.Contain("perplexity").And.Contain("reconstruction MSE").And.Contain("codes never used"));

        var (bareCode, bareOutput) = ToolsProcess.Run("export", "--checkpoint", autoencoder, "--out", directory.File("bare"));
        Assert.That(bareCode, Is.EqualTo(2), bareOutput);
        Assert.That(ToolsProcess.Flat(bareOutput), Does.Contain("no prior over its codes").And.Contain("train vqvae-prior --vqvae"));
        Assert.That(Directory.Exists(directory.File("bare")), Is.False, "nothing is written");

        var prior = directory.File("prior.safetensors");
        var (priorCode, priorOutput) = ToolsProcess.Run("train", "vqvae-prior", "--vqvae", autoencoder, "--conditional", "--channels", "8", "--blocks", "1", "--max-steps", "2", "--out", prior);
        Assert.That(priorCode, Is.EqualTo(0), priorOutput);
        Assert.That(ToolsProcess.Flat(priorOutput), Does.Contain("16 codes of 4, grid 7×7").And.Contain("bits per code").And.Contain("given each image's class"));

        var package = directory.File("vqvae");
        var (exportCode, exportOutput) = ToolsProcess.Run("export", "--checkpoint", prior, "--out", package);
        Assert.That(exportCode, Is.EqualTo(0), exportOutput);
        Assert.That(exportOutput, Does.Contain("encoder: ONNX Runtime vs TorchSharp").And.Contain("step: ONNX Runtime vs TorchSharp"));

        var png = directory.File("vqvae.png");
        var (sampleCode, sampleOutput) = ToolsProcess.Run("sample", "--model", package, "--count", "4", "--class", "3", "--out", png);
        Assert.That(sampleCode, Is.EqualTo(0), sampleOutput);
        Assert.That(PngHeader.IsPng(File.ReadAllBytes(png)), Is.True);
    }

    [Test]
    public void ThePriorNeedsAVqVaeCheckpoint()
    {
        using var directory = new TempDirectory();
        var (code, output) = ToolsProcess.Run("train", "vqvae-prior", "--vqvae", directory.File("missing.safetensors"), "--max-steps", "1");
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("no checkpoint at").And.Contain("train the VQ-VAE first"));
    }
}
