using NUnit.Framework;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>`bench loops` with tiny settings runs end to end on autoregressive, VQ-VAE, flow and diffusion packages (the figures are not asserted).</summary>
public class BenchLoopsTests
{
    [Test]
    public void ATinyBenchPrintsTheLoopAgainstTheRawNetworks()
    {
        var (code, output) = ToolsProcess.Run("bench", "loops", "--model", Repository.Exported("nade"), "--model", Repository.Exported("toy-flow-moons"),
            "--batch", "2", "--steps", "4", "--rounds", "2", "--max-rounds", "3", "--no-spin");

        var flat = ToolsProcess.Flat(output);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(flat, Does.Contain("nade").And.Contain("moons").And.Contain("rounds)").And.Contain("coupling").And.Contain("spinning off").And.Contain("2 to 3 interleaved rounds"));
        Assert.That(flat, Does.Contain("one shared thread pool"), "a fresh process makes the shared pool with its first session");
    }

    [Test]
    public void OwnPoolsGiveEachNetworkItsThreads()
    {
        var (code, output) = ToolsProcess.Run("bench", "loops", "--model", Repository.Exported("toy-flow-moons"), "--batch", "2", "--rounds", "1", "--max-rounds", "1", "--own-pools");

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("a thread pool per network"));
    }

    [Test]
    public void ASpreadOutsideZeroToAHundredPercentIsRefused()
    {
        var (code, output) = ToolsProcess.Run("bench", "loops", "--model", Repository.Exported("nade"), "--spread", "0");

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("--spread 0"));
    }

    [Test]
    public void ADiffusionPackageTimesADdpmAndADdimStepAgainstItsDenoiser()
    {
        var (code, output) = ToolsProcess.Run("bench", "loops", "--model", Repository.Exported("ddpm"), "--batch", "1", "--steps", "3", "--rounds", "1", "--max-rounds", "1");

        var flat = ToolsProcess.Flat(output);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(flat, Does.Contain("DDPM-100").And.Contain("DDIM-50").And.Contain("denoiser"), "a row for each sampler (the table wraps its cells)");
    }

    [Test]
    public void AVqVaeTimesItsPriorsLoopOverItsCodes()
    {
        var (code, output) = ToolsProcess.Run("bench", "loops", "--model", Repository.Exported("vqvae"), "--batch", "2", "--steps", "7", "--rounds", "1", "--max-rounds", "1");

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(ToolsProcess.Compact(output), Does.Contain("│vqvae│2│").And.Contain("and1/7"), "the prior's row form over the 7-wide grid of codes (the table wraps its cells)");
    }

    [Test]
    public void APackageWithoutASamplingLoopIsRefusedBeforeAnythingIsTimed()
    {
        var (code, output) = ToolsProcess.Run("bench", "loops", "--model", Repository.Exported("nade"), "--model", Repository.Exported("gan"), "--rounds", "1");

        var flat = ToolsProcess.Flat(output);
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Compact(output), Does.Contain("ganisanadversarialpackage:benchloopstakesautoregressive,VQ-VAE,flowanddiffusionpackages"));
        Assert.That(flat, Does.Not.Contain("step network"), "nothing was timed");
    }
}
