using NUnit.Framework;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>
/// `bench providers` compares every network of the packages on a provider with the CPU. There is no GPU here, so the CPU
/// against itself checks the comparison end to end (no difference at all), and CUDA checks what happens when it cannot load.
/// </summary>
public class BenchProvidersTests
{
    [Test]
    public void TheCpuAgainstItselfFindsNoDifferenceInAnyNetwork()
    {
        var (code, output) = ToolsProcess.Run("bench", "providers", "--provider", "cpu", "--model", Repository.Exported("vae-conv"),
            "--model", Repository.Exported("nade"), "--images", "2");

        var flat = ToolsProcess.Flat(output);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(flat, Does.Contain("encoder").And.Contain("of 16"), "an encoder, which sampling does not run, gets training images (the table wraps its cells)");
        Assert.That(flat, Does.Contain("decoder").And.Contain("step"));
        Assert.That(flat, Does.Contain("every compared network within the tolerance 0.001"));
    }

    [Test]
    public void AProviderThatCannotLoadStopsWithTheMissingLibraryUnlessFallingBackIsAllowed()
    {
        var (code, output) = ToolsProcess.Run("bench", "providers", "--provider", "cuda", "--model", Repository.Exported("gan"), "--images", "2");
        Assume.That(ToolsProcess.Flat(output), Does.Not.Contain("within the tolerance"), "a machine with CUDA runs the comparison instead");
        Assert.That(code, Is.Not.EqualTo(0), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("could not be loaded").And.Contain("LD_LIBRARY_PATH"));

        (code, output) = ToolsProcess.Run("bench", "providers", "--provider", "cuda", "--allow-cpu-fallback", "--model", Repository.Exported("gan"), "--images", "2");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("ran on the CPU instead"));
    }

    [Test]
    public void ANegativeToleranceIsRefused()
    {
        var (code, output) = ToolsProcess.Run("bench", "providers", "--provider", "cpu", "--model", Repository.Exported("gan"), "--tolerance", "-1");

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("--tolerance must be a finite number ≥ 0"));
    }
}
