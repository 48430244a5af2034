using System.Text.RegularExpressions;
using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>`train latent-ddpm`: latent_scale comes from the images it trains on, and the report is of the exported (EMA) weights.</summary>
public class LatentDiffusionCommandTests
{
    [Test]
    public void TheLatentScaleIsMeasuredOnTheTrainingData()
    {
        using var directory = new TempDirectory();
        var vae = directory.File("vae.safetensors");
        var (code, text) = ToolsProcess.Run("train", "vae-mlp", "--data", "digits", "--max-steps", "2", "--out", vae);
        Assert.That(code, Is.EqualTo(0), text);

        double Scale(string data)
        {
            var (exit, output) = ToolsProcess.Run("train", "latent-ddpm", "--vae", vae, "--data", data, "--max-steps", "1", "--out", directory.File($"{data}.safetensors"));
            Assert.That(exit, Is.EqualTo(0), output);
            Assert.That(ToolsProcess.Flat(output).Replace(" ", ""), Does.Contain("areoftheEMAweights,whichexportships"), "the report is of the weights export ships");
            var match = Regex.Match(ToolsProcess.Flat(output).Replace(" ", ""), @"latent_scale=1/std\(μ\)=([0-9.eE+-]+)");
            Assert.That(match.Success, output);
            return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.That(Scale("digits"), Is.Not.EqualTo(Scale("fashion")), "digits and clothes spread the VAE's latents differently");
    }
}
