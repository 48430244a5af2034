using NUnit.Framework;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>`bench session` with tiny settings runs end to end and prints a row per setting (the figures are not asserted).</summary>
public class BenchSessionTests
{
    [Test]
    public void ATinyBenchPrintsEverySettingAgainstTheDefaults()
    {
        var (code, output) = ToolsProcess.Run("bench", "session", "--model", Repository.Exported("ddpm"), "--batch", "1", "--steps", "1", "--rounds", "2");

        var flat = ToolsProcess.Flat(output);
        Assert.That(code, Is.EqualTo(0), output);
        foreach (var setting in new[] { "defaults", "Extended", "CpuMemoryArena", "MemoryPattern", "PrepackWeights", "SpinThreads", "IntraOpThreads" })
            Assert.That(flat, Does.Contain(setting));
    }

    [Test]
    public void APackageThatIsNotThereIsExitCodeTwo()
    {
        var (code, output) = ToolsProcess.Run("bench", "session", "--model", "no/such/package");

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("no exported package at no/such/package"));
    }
}
