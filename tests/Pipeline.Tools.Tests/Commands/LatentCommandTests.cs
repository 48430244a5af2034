using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>manifold, interpolate, denoise and anomaly on shipped packages: the package's own dataset, and clear refusals.</summary>
public class LatentCommandTests
{
    [Test]
    public void AnomalyTakesThePackagesOwnDatasetAsNormal()
    {
        using var directory = new TempDirectory();
        var (code, text) = ToolsProcess.Run("anomaly", "--model", Repository.Exported("arvae-digits"), "--count", "100");
        Assert.That(code, Is.EqualTo(0), text);
        var flat = ToolsProcess.Flat(text).Replace(" ", "");
        Assert.That(flat, Does.Contain("Fashion-MNISTtestimages(anomalies)againstMNISTdigitstestimages"));
        var auroc = double.Parse(flat[(flat.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(auroc, Is.GreaterThan(0.8), "a digits VAE reconstructs clothes worse than digits");

        (code, text) = ToolsProcess.Run("anomaly", "--model", Repository.Exported("mlp-autoencoder"), "--count", "100");
        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(ToolsProcess.Flat(text).Replace(" ", ""), Does.Contain("MNISTdigits(anomalies)againstFashion-MNISTtestimages"));
    }

    [Test]
    public void ManifoldAndInterpolationWrite()
    {
        using var directory = new TempDirectory();
        Assert.That(ToolsProcess.Run("manifold", "--model", Repository.Exported("mlp-autoencoder"), "--side", "3", "--out", directory.File("m.png")).ExitCode, Is.EqualTo(0));
        Assert.That(ToolsProcess.Run("interpolate", "--model", Repository.Exported("arvae-digits"), "--from", "999", "--steps", "3", "--out", directory.File("i.png")).ExitCode, Is.EqualTo(0));
        Assert.That(directory.Entries(), Is.EqualTo(new[] { "i.png", "m.png" }));
    }

    [TestCase("manifold", "vae-mlp", new string[0], "has a 32-D latent space")]
    [TestCase("manifold", "mlp-autoencoder", new[] { "--side", "1" }, "--side 1: pass 2 to 100")]
    [TestCase("interpolate", "vae-mlp", new[] { "--from", "10000" }, "--from 10000 is not a test image: pass 0 to 9999")]
    [TestCase("interpolate", "vae-mlp", new[] { "--to", "-1" }, "--to -1 is not a test image")]
    [TestCase("interpolate", "vae-mlp", new[] { "--steps", "0" }, "--steps must be a positive number")]
    [TestCase("denoise", "denoising-autoencoder", new[] { "--sigma", "-0.5" }, "--sigma -0.5: pass a noise standard deviation ≥ 0")]
    [TestCase("denoise", "cvae", new string[0], "is class-conditional")]
    [TestCase("anomaly", "mlp-autoencoder", new[] { "--count", "-1" }, "--count must be a positive number, got -1")]
    public void BadRequestsAreRefusedWithTheFix(string command, string package, string[] options, string message)
    {
        using var directory = new TempDirectory();
        var (code, text) = ToolsProcess.Run([command, "--model", Repository.Exported(package), .. options, "--out", directory.File("x.png")]);
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(ToolsProcess.Flat(text).Replace(" ", ""), Does.Contain(message.Replace(" ", "")));
        Assert.That(directory.Entries(), Is.Empty);
    }
}
