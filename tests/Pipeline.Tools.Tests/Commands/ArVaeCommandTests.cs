using System.Text.Json.Nodes;
using NUnit.Framework;
using Pipeline.Runtime.Models;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>The AR-VAE through the command line and the runtime: train on the digits, export, traverse, set an attribute, evaluate.</summary>
public sealed class ArVaeCommandTests
{
    private static readonly string Classifier = Repository.Exported("fashion-classifier");

    [Test]
    public void TrainOnTheDigitsExportTraverseSetAnAttributeAndEvaluate()
    {
        using var directory = new TempDirectory();
        var checkpoint = directory.File("arvae.safetensors");
        var (trainCode, trainOutput) = ToolsProcess.Run("train", "arvae", "--data", "digits", "--attributes", "area,slant", "--latent", "4", "--max-steps", "12",
            "--batch-size", "100", "--out", checkpoint);
        Assert.That(trainCode, Is.EqualTo(0), trainOutput);
        var flat = ToolsProcess.Flat(trainOutput);
        Assert.That(flat, Does.Contain("measured Area, Slant of 9,000 training images").And.Contain("Spearman ρ").And.Contain("interpretability"));

        var package = directory.File("packages/arvae");
        Assert.That(ToolsProcess.Run("export", "--checkpoint", checkpoint, "--out", package).ExitCode, Is.EqualTo(0));
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(package, "manifest.json")))!;
        Assert.That(manifest["dataset"]!.GetValue<string>(), Is.EqualTo("mnist_digits"));
        Assert.That(manifest["attributes"]!["names"]!.AsArray().Select(n => n!.GetValue<string>()), Is.EqualTo(new[] { "area", "slant" }));
        Assert.That(manifest["attributes"]!["value_quantiles"]![0]!.AsArray(), Has.Count.EqualTo(21));

        using (var model = ModelPackage.OpenLatent(package))
        {
            var control = model.Attributes!;
            var spec = model.Manifest.Attributes!;
            var (values, latents) = (spec.ValueQuantiles[0], spec.LatentQuantiles[0]);
            Assert.That(control.LatentValue("area", values[3]), Is.EqualTo(latents[3]).Within(1e-9), "a quantile maps to its quantile");
            Assert.That(control.LatentValue("area", values[0] - 100), Is.EqualTo(latents[0]), "below the range: the lowest latent quantile");
            var traversal = control.Traverse(seed: 2, steps: 5);
            Assert.That(traversal.Count, Is.EqualTo(5 * 2));
            var generated = control.Generate("slant", 0.3, 3, seed: 4);
            Assert.That(generated.Count, Is.EqualTo(3));
            Assert.That(() => control.LatentValue("width", 3), Throws.ArgumentException.With.Message.Contains("area, slant"));
        }

        var (sampleCode, sampleOutput) = ToolsProcess.Run("sample", "--model", package, "--attribute", "slant=0.4", "--count", "8", "--out", directory.File("slant.png"));
        Assert.That(sampleCode, Is.EqualTo(0), sampleOutput);
        var (badCode, badOutput) = ToolsProcess.Run("sample", "--model", package, "--attribute", "width=4", "--out", directory.File("bad.png"));
        Assert.That(badCode, Is.EqualTo(2));
        Assert.That(ToolsProcess.Flat(badOutput), Does.Contain("regularizes area, slant, not 'width'"));

        var (allCode, allOutput) = ToolsProcess.Run("sample-all", "--models", directory.File("packages"), "--out", directory.File("out"));
        Assert.That(allCode, Is.EqualTo(0), allOutput);
        Assert.That(PngHeader.IsPng(File.ReadAllBytes(directory.File("out/arvae-traversal.png"))), Is.True);

        using var results = new TempDirectory();
        var (evalCode, evalOutput) = ToolsProcess.Run("eval", "--classifier", Classifier, "--model", package, "--count", "20", "--likelihood-images", "200", "--iw-samples", "5", "--results", results.Path);
        Assert.That(evalCode, Is.EqualTo(0), evalOutput);
        var evaluation = ToolsProcess.Flat(evalOutput);
        Assert.That(evaluation, Does.Contain("area (dimension 0)").And.Contain("Spearman").And.Contain("images of mnist_digits").And.Contain("−ELBO"));
        Assert.That(evaluation, Does.Not.Contain("FID"), "the feature network knows clothes, not digits");
    }
}
