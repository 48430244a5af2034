using NUnit.Framework;
using Pipeline.Runtime.Images;
using Pipeline.Runtime.Models;
using Pipeline.Tests.Support;
using Pipeline.Tools.Images;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Images;

public class PngFileTests
{
    private static Image Gradient(int width, int height, PixelFormat format)
    {
        var pixels = new byte[width * height * Image.ChannelsOf(format)];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 256);
        return new Image(width, height, format, pixels);
    }

    [TestCase(PixelFormat.Grayscale, 0)]
    [TestCase(PixelFormat.Rgb, 2)]
    public void WritesAnEightBitPngOfTheImagesSizeAndColourType(PixelFormat format, int colorType)
    {
        var png = PngFile.Encode(Gradient(5, 3, format));

        Assert.That(PngHeader.IsPng(png), Is.True);
        Assert.That(PngHeader.Size(png), Is.EqualTo((5, 3)));
        Assert.That(png[24], Is.EqualTo(8), "bit depth");
        Assert.That(png[25], Is.EqualTo(colorType), "colour type: 0 grey, 2 RGB");
    }

    [TestCase(PixelFormat.Grayscale, 1, 1)]
    [TestCase(PixelFormat.Grayscale, 28, 28)]
    [TestCase(PixelFormat.Rgb, 7, 4)]
    [TestCase(PixelFormat.Rgb, 64, 33)]
    public void ReadsBackTheSamePixels(PixelFormat format, int width, int height)
    {
        using var directory = new TempDirectory();
        var path = directory.File("image.png");
        var image = Gradient(width, height, format);

        PngFile.Write(path, image);
        var read = PngFile.Read(path);

        Assert.That((read.Width, read.Height, read.Format), Is.EqualTo((width, height, format)));
        Assert.That(read.Pixels, Is.EqualTo(image.Pixels));
    }

    [Test]
    public void WritesAFileAtomicallyReplacingTheOldOneAndLeavingNoTemporaryFile()
    {
        using var directory = new TempDirectory();
        var path = directory.File("grids/sample.png");
        var image = Gradient(4, 4, PixelFormat.Grayscale);

        PngFile.Write(path, Gradient(9, 9, PixelFormat.Rgb));
        PngFile.Write(path, image);

        Assert.That(directory.Files(), Is.EqualTo(new[] { Path.Combine("grids", "sample.png") }));
        Assert.That(PngFile.Read(path).Pixels, Is.EqualTo(image.Pixels));
    }

    [Test]
    public void PillowReadsTheFile()
    {
        Python.Require("PIL", "python3-pil");
        using var directory = new TempDirectory();
        var path = directory.File("rgb.png");
        var image = Gradient(6, 2, PixelFormat.Rgb);
        PngFile.Write(path, image);

        var output = Python.Output("import sys; from PIL import Image; im = Image.open(sys.argv[1]); " +
                                   "print(im.mode, im.size[0], im.size[1], ','.join(str(v) for p in im.getdata() for v in p))", path);

        Assert.That(output.Trim(), Is.EqualTo($"RGB 6 2 {string.Join(',', image.Pixels)}"));
    }

    [Test]
    public void AGridOfABatchHoldsEveryImage()
    {
        using var directory = new TempDirectory();
        var path = directory.File("grid.png");
        var pixels = Enumerable.Range(0, 3 * 4 * 5).Select(i => i / 60f).ToArray();

        new ImageBatch(3, 1, 4, 5, pixels).SaveGrid(path, columns: 3, padding: 1);
        var grid = PngFile.Read(path);

        Assert.That((grid.Width, grid.Height), Is.EqualTo((3 * (5 + 1) + 1, 4 + 2)));
        Assert.That(grid.Pixels[grid.Width * 1 + 1], Is.EqualTo(Image.ToByte(pixels[0])), "the first image's first pixel");
        Assert.That(grid.Pixels[grid.Width * 4 + 2 * 6 + 5], Is.EqualTo(Image.ToByte(pixels[^1])), "the last image's last pixel");
    }

    [Test]
    public void WritingToADirectoryIsRefused()
    {
        using var directory = new TempDirectory();

        Assert.That(() => PngFile.Write(directory.Path, Gradient(2, 2, PixelFormat.Grayscale)),
            Throws.ArgumentException.With.Message.Contains("is a directory"));
    }

    [Test]
    public void AFileThatIsNotAnImageIsRefusedByName()
    {
        using var directory = new TempDirectory();
        var path = directory.File("notes.png");
        File.WriteAllText(path, "not a picture");

        Assert.That(() => PngFile.Read(path), Throws.TypeOf<InvalidDataException>().With.Message.Contains(path).And.Message.Contains("PNG"));
        Assert.That(() => PngFile.Read(directory.File("none.png")), Throws.TypeOf<FileNotFoundException>());
    }
}
