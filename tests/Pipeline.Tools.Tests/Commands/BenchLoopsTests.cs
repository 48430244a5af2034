using NUnit.Framework;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>`bench loops` with tiny settings runs end to end on an autoregressive and a flow package (the figures are not asserted).</summary>
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
    public void ADiffusionPackageIsSentToBenchDdpm()
    {
        var (code, output) = ToolsProcess.Run("bench", "loops", "--model", Repository.Exported("ddpm"), "--rounds", "1");

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("bench ddpm"));
    }
}
