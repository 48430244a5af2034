using NUnit.Framework;
using Pipeline.Runtime.Packages;
using Pipeline.Tests.Support;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>`bench precision` with tiny settings runs end to end and prints a row per package (the figures are not asserted).</summary>
public class BenchPrecisionTests
{
    [Test]
    public void ATinyBenchPrintsEachPackageWithItsPrecision()
    {
        using var directory = new TempDirectory();
        var int8 = PackagePrecision.Convert(Repository.Exported("gan"), directory.File("gan-int8"), NumericPrecision.Int8).Directory;

        var (code, output) = ToolsProcess.Run("bench", "precision", "--model", Repository.Exported("gan"), "--model", int8, "--rounds", "1", "--count", "2",
                                              "--provider", "cpu");

        var flat = ToolsProcess.Flat(output);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(flat, Does.Contain("fp32").And.Contain("int8").And.Contain("1.000×").And.Contain("on Cpu"));
    }

    [Test]
    public void APackageThatIsNotThereIsExitCodeTwo()
    {
        var (code, output) = ToolsProcess.Run("bench", "precision", "--model", "no/such/package");

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("no exported package at no/such/package"));
    }
}
