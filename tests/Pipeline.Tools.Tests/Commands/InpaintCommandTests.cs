using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>`inpaint` and the diffusion options of `sample` on the shipped packages; misuse is exit code 2 with a plain message.</summary>
public class InpaintCommandTests
{
    [Test]
    public void InpaintWritesOriginalsMaskedAndCompletedRows()
    {
        using var directory = new TempDirectory();
        var png = directory.File("inpainted.png");

        var (code, output) = ToolsProcess.Run("inpaint", "--model", Repository.Exported("ddpm"), "--count", "3", "--region", "center",
                                              "--sampler", "ddim", "--steps", "4", "--resampling", "2", "--out", png);

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("ddpm: 3 test images with the Center regenerated"));
        var bytes = File.ReadAllBytes(png);
        Assert.That(PngHeader.IsPng(bytes), Is.True);
        Assert.That(PngHeader.Size(bytes), Is.EqualTo((3 * 28 + 4 * 2, 3 * 28 + 4 * 2)), "3 rows (originals, masked, completed) of 3 images");
    }

    [Test]
    public void SampleTakesTheSamplerStepsAndGuidanceOfDiffusionPackages()
    {
        using var directory = new TempDirectory();

        var (code, output) = ToolsProcess.Run("sample", "--model", Repository.Exported("ddpm"), "--count", "2", "--sampler", "ddim", "--steps", "3",
                                              "--eta", "0.5", "--out", directory.File("ddim.png"));

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(File.Exists(directory.File("ddim.png")), Is.True);
        (code, output) = ToolsProcess.Run("sample", "--model", Repository.Exported("ddpm"), "--count", "2", "--sampler", "ddim", "--steps", "1",
                                          "--spacing", "trailing", "--out", directory.File("one.png"));
        Assert.That(code, Is.EqualTo(0), output);
    }

    [Test]
    public void TheStatePlacementsGiveTheSameImages()
    {
        using var directory = new TempDirectory();
        byte[] Sample(string state)
        {
            var (code, output) = ToolsProcess.Run("sample", "--model", Repository.Exported("ddpm"), "--count", "2", "--sampler", "ddim", "--steps", "4",
                                                  "--spacing", "trailing", "--state", state, "--out", directory.File($"{state}.png"));
            Assert.That(code, Is.EqualTo(0), output);
            return File.ReadAllBytes(directory.File($"{state}.png"));
        }
        var device = Sample("device");
        Assert.That(Sample("cudagraph"), Is.EqualTo(device), "on the CPU, CudaGraph runs Device's bindings, nothing captured");
        Assert.That(PngHeader.Size(Sample("host")), Is.EqualTo(PngHeader.Size(device)));
    }

    [TestCase("inpaint", "latent-ddpm", new string[0], "inpainting needs a pixel-diffusion package")]
    [TestCase("inpaint", "vae-mlp", new string[0], "is not a diffusion package")]
    [TestCase("sample", "vae-mlp", new[] { "--steps", "5" }, "--steps: only for diffusion packages")]
    [TestCase("sample", "ddpm", new[] { "--steps", "1001" }, "--steps 1001: use 1 to 1000")]
    [TestCase("sample", "ddpm", new[] { "--eta", "1" }, "--eta is DDIM's: add --sampler ddim")]
    [TestCase("sample", "ddpm", new[] { "--guidance", "2" }, "ddpm is not class-conditional")]
    [TestCase("sample", "ddpm", new[] { "--sampler", "ddim", "--steps", "1" }, "Use Trailing spacing (--spacing trailing)")]
    [TestCase("inpaint", "ddpm", new[] { "--resampling", "0" }, "--resampling must be a positive number")]
    [TestCase("inpaint", "ddpm", new[] { "--state", "cudagraph" }, "StatePlacement = Host")]
    public void MisuseIsExitCodeTwoWithAPlainMessage(string command, string package, string[] options, string message)
    {
        using var directory = new TempDirectory();

        var (code, output) = ToolsProcess.Run([command, "--model", Repository.Exported(package), "--out", directory.File("x.png"), .. options]);

        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain(message));
        Assert.That(directory.Entries(), Is.Empty, "no PNG was written");
    }
}
