using NUnit.Framework;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>`bench ddpm` with tiny settings runs end to end and prints every figure, x_t on the host and on the device (the figures themselves are not asserted).</summary>
public class BenchDdpmTests
{
    [TestCase("--spread", "0")]
    [TestCase("--max-rounds", "0")]
    public void ABadMeasuringOptionIsExitCodeTwoNamingIt(string option, string value)
    {
        var (code, output) = ToolsProcess.Run("bench", "ddpm", "--channels", "8", "--batch", "1", option, value, "--no-reference");

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain(option));
    }

    [Test]
    public void ATinyBenchPrintsForwardLoopEfficiencyAndAllocationFigures()
    {
        var (code, output) = ToolsProcess.Run("bench", "ddpm", "--channels", "8", "--batch", "1", "--steps", "3", "--rounds", "6", "--max-rounds", "8", "--no-reference");

        var flat = ToolsProcess.Flat(output);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(flat, Does.Contain("fixed U-Net, 8 base channels"));
        Assert.That(flat, Does.Match(@"raw forward \(ONNX Runtime, bound OrtValues\): [0-9.]+ ms, one step of 1 items"), "a forward is a step, not an image");
        Assert.That(flat, Does.Match(@"DDPM-1000: [0-9.]+ images/s").And.Match(@"DDIM-50: [0-9.]+ images/s"));
        Assert.That(flat, Does.Contain("bytes/step").And.Contain("extrapolated"));
        Assert.That(flat, Does.Contain("DDPM loop (x_t on the host, C# step)").And.Contain("DDIM loop (x_t on the device, step graph)"), "both placements");
        Assert.That(flat, Does.Match(@"loop ?/ ?raw ?[0-9.]+ ?\([+-]?[0-9.]+ ?%\) ?± ?[0-9.]+ ?%"), "each efficiency with the half-width of its 95% interval");
        Assert.That(flat, Does.Not.Contain("∞").And.Not.Contain("Infinity"));
        Assert.That(flat, Does.Match(@"runs ?x ?[6-8] ?rounds"), "at least --rounds, at most --max-rounds");
        Assert.That(flat, Does.Match(@"drawing z ?[0-9.]+ ?µs, ?scheduler ?update ?[0-9.]+ ?µs"), "where the loop's own time goes");
        Assert.That(flat, Does.Contain("PyTorch reference skipped"));
    }

    [Test]
    public void AProviderThatCannotLoadRunsOnTheCpuOnlyWhenAllowedAndSaysSo()
    {
        var (code, output) = ToolsProcess.Run("bench", "ddpm", "--channels", "8", "--batch", "1", "--steps", "2", "--rounds", "1", "--max-rounds", "1",
            "--provider", "cuda", "--allow-cpu-fallback");
        var flat = ToolsProcess.Flat(output);
        Assume.That(flat, Does.Not.Contain("the denoiser runs on Cuda"), "a machine with CUDA runs it there");

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(flat, Does.Contain("the denoiser runs on Cpu").And.Contain("Cuda could not load, so everything below ran on the CPU"));
        Assert.That(flat, Does.Match(@"DDIM-50: [0-9.]+ images/s"));

        (code, output) = ToolsProcess.Run("bench", "ddpm", "--channels", "8", "--batch", "1", "--steps", "2", "--rounds", "1", "--max-rounds", "1", "--provider", "cuda");
        Assert.That(code, Is.Not.EqualTo(0), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("could not be loaded"));
    }

    [Test]
    public void TheReferenceIsSkippedForAPackageItIsNotAndFewRoundsHaveNoInterval()
    {
        var (code, output) = ToolsProcess.Run("bench", "ddpm", "--model", Repository.Exported("ddpm-conditional"), "--batch", "1", "--steps", "2",
                                              "--rounds", "2", "--max-rounds", "2");
        var flat = ToolsProcess.Flat(output).Replace(" ", "");

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(flat, Does.Contain("PyTorchreferenceskipped:thereferenceistheunconditional1×28×28U-Net,andddpm-conditionalisclass-conditional"));
        Assert.That(flat, Does.Contain("±–(<6rounds)").And.Not.Contain("∞"), "two rounds give no interval, and say so");
        Assert.That(flat, Does.Contain("(bothhalves)andcombiningtheguidedε̂"), "the breakdown does a guided step's host work");
    }
}
