using NUnit.Framework;
using Pipeline.Runtime.Images;
using Pipeline.Tests.Support;
using Pipeline.Tools.Images;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Scripts;

/// <summary>
/// tools/png-difference.py, which compares the GPU machine's images with the CPU's there (tools/gpu-check.sh): it decodes
/// the PNGs SkiaSharp writes (every row filter) to the values written, and counts the values that differ.
/// </summary>
public class PngDifferenceScriptTests
{
    [TestCase(PixelFormat.Grayscale, 28, 28)]
    [TestCase(PixelFormat.Rgb, 64, 33)]
    public void CountsTheValuesThatDifferAndTheLargestDifference(PixelFormat format, int width, int height)
    {
        Python.Require();
        using var directory = new TempDirectory();
        var random = new Random(7);
        var pixels = new byte[width * height * Image.ChannelsOf(format)];
        // Smooth rows and noisy ones, so that the encoder uses several of PNG's row filters.
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i / (width * 3) % 2 == 0 ? i * 3 % 256 : random.Next(256));
        var changed = (byte[])pixels.Clone();
        foreach (var (index, by) in new[] { (5, 7), (pixels.Length / 2, 3), (pixels.Length - 1, 1) })
            changed[index] = (byte)(changed[index] >= 128 ? changed[index] - by : changed[index] + by);
        var (a, b) = (directory.File("a.png"), directory.File("b.png"));
        PngFile.Write(a, new Image(width, height, format, pixels));
        PngFile.Write(b, new Image(width, height, format, changed));

        var same = Run(a, a);
        var different = Run(a, b);

        Assert.That(same.ExitCode, Is.EqualTo(0), same.Error);
        Assert.That(same.Output, Does.Contain($"{pixels.Length} values, largest |difference| 0 of 255, 0 differ"));
        Assert.That(different.Output, Does.Contain("label: ").And.Contain($"{pixels.Length} values, largest |difference| 7 of 255, 3 differ"));
    }

    [Test]
    public void ImagesOfDifferentSizesExitWithOne()
    {
        Python.Require();
        using var directory = new TempDirectory();
        var (a, b) = (directory.File("a.png"), directory.File("b.png"));
        PngFile.Write(a, new Image(4, 4, PixelFormat.Grayscale, new byte[16]));
        PngFile.Write(b, new Image(5, 4, PixelFormat.Grayscale, new byte[20]));

        var result = Run(a, b);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Output, Does.Contain("sizes differ"));
    }

    private static (int ExitCode, string Output, string Error) Run(string a, string b)
    {
        var script = Path.Combine(Repository.Root ?? throw new InconclusiveException("the tests run outside the checkout"), "tools", "png-difference.py");
        return Python.Run("import runpy, sys; sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name='__main__')", [script, a, b, "label"]);
    }
}
