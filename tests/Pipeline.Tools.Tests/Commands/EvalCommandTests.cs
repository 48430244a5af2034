using System.Text.Json;
using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>`eval` end to end on shipped packages with small counts: the table is printed and the result saved for the report.</summary>
public class EvalCommandTests
{
    private static readonly string Classifier = Repository.Exported("fashion-classifier");

    [Test]
    public void AVaeGetsSampleQualityAndLikelihoodBounds()
    {
        using var results = new TempDirectory();

        var (code, output) = ToolsProcess.Run("eval", "--classifier", Classifier, "--model", Repository.Exported("vae-mlp"), "--count", "40", "--likelihood-images", "8",
                                              "--iw-samples", "4", "--results", results.Path);

        Assert.That(code, Is.EqualTo(0), output);
        var flat = ToolsProcess.Flat(output);
        Assert.That(flat, Does.Contain("40 generated (prior + decoder)").And.Contain("FID").And.Contain("−IWAE (K = 4)"));
        using var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(results.Path, "vae-mlp.json")));
        Assert.That(saved.RootElement.GetProperty("quality").GetProperty("fid").GetDouble(), Is.GreaterThan(0));
        Assert.That(saved.RootElement.GetProperty("likelihood").GetProperty("images").GetInt32(), Is.EqualTo(8));
    }

    [Test]
    public void AGaussianVaesBoundsAreOfTheEightBitImages()
    {
        using var directory = new TempDirectory();
        var checkpoint = directory.File("vae.safetensors");
        Assert.That(ToolsProcess.Run("train", "vae-mlp", "--likelihood", "gaussian", "--observation-std", "0.1", "--max-steps", "2", "--out", checkpoint).ExitCode, Is.EqualTo(0));
        Assert.That(ToolsProcess.Run("export", "--checkpoint", checkpoint, "--out", directory.File("vae")).ExitCode, Is.EqualTo(0));

        var (code, output) = ToolsProcess.Run("eval", "--classifier", Classifier, "--model", directory.File("vae"), "--count", "20", "--likelihood-images", "4",
                                              "--iw-samples", "2", "--results", directory.File("results"));

        Assert.That(code, Is.EqualTo(0), output);
        using var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory.File("results"), "vae.json")));
        var bounds = saved.RootElement.GetProperty("likelihood");
        Assert.That(bounds.GetProperty("protocol").GetString(), Does.Contain("dequantized once").And.Contain("D ln 256"));
        // A probability of 8-bit images is at most 1: −log P(v), and the bounds above it, are never negative.
        Assert.That(bounds.GetProperty("negative_iwae").GetDouble(), Is.GreaterThan(0));
        Assert.That(bounds.GetProperty("negative_elbo").GetDouble(), Is.GreaterThanOrEqualTo(bounds.GetProperty("negative_iwae").GetDouble()));
    }

    [TestCase("nade", "ancestral, vs binarized test set", "one fixed binarization of the test set")]
    [TestCase("pixelcnn-256", "ancestral)", "8-bit test pixels")]
    public void AnAutoregressivePackageGetsItsExactLikelihood(string package, string sampler, string protocol)
    {
        using var results = new TempDirectory();

        var (code, output) = ToolsProcess.Run("eval", "--classifier", Classifier, "--model", Repository.Exported(package), "--count", "20", "--likelihood-images", "6",
                                              "--results", results.Path);

        Assert.That(code, Is.EqualTo(0), output);
        var flat = ToolsProcess.Flat(output);
        Assert.That(flat, Does.Contain($"20 generated ({sampler}").And.Contain("−log p(x), exact").And.Contain(protocol));
        using var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(results.Path, $"{package}.json")));
        var exact = saved.RootElement.GetProperty("exact_likelihood");
        Assert.That(exact.GetProperty("images").GetInt32(), Is.EqualTo(6));
        Assert.That(exact.GetProperty("nats_per_image").GetDouble(), Is.GreaterThan(0));
    }

    [Test]
    public void AGuidanceScaleIsNamedInTheSavedResult()
    {
        using var results = new TempDirectory();

        var (code, output) = ToolsProcess.Run("eval", "--classifier", Classifier, "--model", Repository.Exported("ddpm-conditional"), "--count", "20", "--diffusion-steps", "2",
                                              "--spacing", "trailing", "--guidance", "1", "--results", results.Path);

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("20 generated (DDIM-2 trailing,").And.Contain("guidance 1) vs the test set").And.Contain("accuracy on requested"));
        Assert.That(results.Entries(), Is.EqualTo(new[] { "ddpm-conditional-_guidance-1_.json" }));
    }

    [TestCase("ddpm", new[] { "--guidance", "2" }, "ddpm is not a class-conditional diffusion package")]
    [TestCase("ddpm-conditional", new[] { "--guidance", "-1" }, "--guidance -1: use w ≥ 0")]
    [TestCase("ddpm", new[] { "--diffusion-steps", "-3" }, "--diffusion-steps -3: use 0")]
    public void MisuseIsExitCodeTwoWithAPlainMessage(string package, string[] options, string message)
    {
        using var results = new TempDirectory();

        var (code, output) = ToolsProcess.Run(["eval", "--classifier", Classifier, "--model", Repository.Exported(package), "--count", "10", "--results", results.Path, .. options]);

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain(message));
        Assert.That(results.Entries(), Is.Empty);
    }
}
