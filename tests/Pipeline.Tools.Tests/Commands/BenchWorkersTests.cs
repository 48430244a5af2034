using NUnit.Framework;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>`bench workers` with tiny settings runs end to end on an autoregressive and a VQ-VAE package (the figures are not asserted).</summary>
public class BenchWorkersTests
{
    [Test]
    public void ATinyBenchComparesOneWorkerWithSeveralAndFindsTheSameImages()
    {
        var (code, output) = ToolsProcess.Run("bench", "workers", "--model", Repository.Exported("nade"), "--model", Repository.Exported("vqvae"),
            "--count", "4", "--workers", "2", "--rounds", "1");

        var flat = ToolsProcess.Flat(output);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(flat, Does.Contain("nade").And.Contain("vqvae").And.Contain("2 workers × 1").And.Contain("4 images per Sample"));
        Assert.That(flat, Does.Contain("yes").And.Not.Contain(" no "), "both packages gave the same images on one worker and on two");
    }

    [Test]
    public void APackageOfAnotherFamilyIsRefused()
    {
        var (code, output) = ToolsProcess.Run("bench", "workers", "--model", Repository.Exported("realnvp"), "--count", "2", "--rounds", "1");

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("is a flow package"));
    }
}
