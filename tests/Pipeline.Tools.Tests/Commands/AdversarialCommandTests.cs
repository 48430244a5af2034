using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>The adversarial family through the command line: train (with previews, recall checks, resume), export, sample, walk, sample-all, eval.</summary>
public sealed class AdversarialCommandTests
{
    private static readonly string Classifier = Repository.Exported("fashion-classifier");

    [Test]
    public void TrainAnAcGanResumeItExportSampleWalkAndEvaluate()
    {
        using var directory = new TempDirectory();
        var checkpoint = directory.File("acgan.safetensors");
        string[] train = ["train", "gan", "--conditional", "--loss", "wasserstein", "--channels", "4", "--latent", "8", "--batch-size", "50", "--epochs", "1",
            "--preview-every", "20", "--recall-every", "20", "--classifier", Classifier, "--checkpoint-every", "10", "--out", checkpoint];
        var (trainCode, trainOutput) = ToolsProcess.Run([.. train, "--max-steps", "20"]);
        Assert.That(trainCode, Is.EqualTo(0), trainOutput);
        var flat = ToolsProcess.Flat(trainOutput);
        Assert.That(flat, Does.Contain("step 20: precision").And.Contain("recall").And.Contain("W ").And.Contain("penalty").And.Contain("generator"));
        Assert.That(PngHeader.IsPng(File.ReadAllBytes(directory.File("acgan-previews/step-0000020.png"))), Is.True);
        var (resumeCode, resumeOutput) = ToolsProcess.Run([.. train, "--max-steps", "30", "--resume"]);
        Assert.That(resumeCode, Is.EqualTo(0), resumeOutput);
        Assert.That(ToolsProcess.Flat(resumeOutput), Does.Contain("trained 30 steps"));

        var package = directory.File("packages/acgan");
        var (exportCode, exportOutput) = ToolsProcess.Run("export", "--checkpoint", checkpoint, "--out", package);
        Assert.That(exportCode, Is.EqualTo(0), exportOutput);
        Assert.That(File.ReadAllText(Path.Combine(package, "manifest.json")), Does.Contain("\"family\": \"adversarial\"").And.Contain("\"loss_series\""));

        var (sampleCode, sampleOutput) = ToolsProcess.Run("sample", "--model", package, "--count", "10", "--class", "3", "--truncation", "0.7", "--out", directory.File("three.png"));
        Assert.That(sampleCode, Is.EqualTo(0), sampleOutput);
        var (walkCode, walkOutput) = ToolsProcess.Run("walk", "--model", package, "--path", "linear", "--pairs", "2", "--steps", "4", "--out", directory.File("walk.png"));
        Assert.That(walkCode, Is.EqualTo(0), walkOutput);
        Assert.That(PngHeader.IsPng(File.ReadAllBytes(directory.File("walk.png"))), Is.True);

        var (allCode, allOutput) = ToolsProcess.Run("sample-all", "--models", directory.File("packages"), "--out", directory.File("out"));
        Assert.That(allCode, Is.EqualTo(0), allOutput);
        foreach (var file in new[] { "acgan.png", "acgan-classes.png", "acgan-walk.png", "acgan-truncated.png" })
            Assert.That(PngHeader.IsPng(File.ReadAllBytes(directory.File(Path.Combine("out", file)))), Is.True, file);

        using var results = new TempDirectory();
        var (evalCode, evalOutput) = ToolsProcess.Run("eval", "--classifier", Classifier, "--model", package, "--count", "20", "--results", results.Path);
        Assert.That(evalCode, Is.EqualTo(0), evalOutput);
        Assert.That(ToolsProcess.Flat(evalOutput), Does.Contain("generator").And.Contain("FID").And.Contain("accuracy on requested"));
    }

    [Test]
    public void TrainAnAdversarialAutoencoderWithTheMixturePriorAndSampleAClass()
    {
        using var directory = new TempDirectory();
        var checkpoint = directory.File("aae.safetensors");
        var (trainCode, trainOutput) = ToolsProcess.Run("train", "aae", "--prior", "gaussian-mixture", "--latent", "4", "--batch-size", "50", "--max-steps", "10",
            "--recall-every", "0", "--preview-every", "0", "--out", checkpoint);
        Assert.That(trainCode, Is.EqualTo(0), trainOutput);
        Assert.That(ToolsProcess.Flat(trainOutput), Does.Contain("reconstruction").And.Contain("discriminator").And.Contain("D(real)"));
        var package = directory.File("aae");
        Assert.That(ToolsProcess.Run("export", "--checkpoint", checkpoint, "--out", package).ExitCode, Is.EqualTo(0));
        Assert.That(File.ReadAllText(Path.Combine(package, "manifest.json")), Does.Contain("\"prior\": \"gaussian_mixture\"").And.Contain("\"component_means\""));
        var (sampleCode, sampleOutput) = ToolsProcess.Run("sample", "--model", package, "--class", "2", "--count", "4", "--out", directory.File("two.png"));
        Assert.That(sampleCode, Is.EqualTo(0), sampleOutput);
    }

    [Test]
    public void BadOptionsAreRefusedByName()
    {
        using var directory = new TempDirectory();
        var (code, output) = ToolsProcess.Run("train", "gan", "--loss", "hinge", "--out", directory.File("g.safetensors"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(ToolsProcess.Flat(output), Does.Contain("--loss 'hinge' is not one of minimax, non-saturating or wasserstein"));
        (code, output) = ToolsProcess.Run("train", "gan", "--k", "0", "--max-steps", "1", "--out", directory.File("g.safetensors"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(ToolsProcess.Flat(output), Does.Contain("k, the discriminator steps per generator step, must be 1 or more"));
        (code, output) = ToolsProcess.Run("sample", "--model", Repository.Exported("vae-mlp"), "--truncation", "0.5", "--out", directory.File("s.png"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(ToolsProcess.Flat(output), Does.Contain("--truncation: only for adversarial packages"));
    }
}
