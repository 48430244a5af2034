using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Images;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Images;

public class PngWriterTests
{
    private static Image Gradient(int width, int height, PixelFormat format)
    {
        var pixels = new byte[width * height * Image.ChannelsOf(format)];
        for (var i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 37 % 256);
        return new Image(width, height, format, pixels);
    }

    [TestCase(PixelFormat.Grayscale, 0)]
    [TestCase(PixelFormat.Rgb, 2)]
    public void WritesSignatureHeaderAndValidChunks(PixelFormat format, int colorType)
    {
        var png = PngFile.Parse(PngWriter.Encode(Gradient(5, 3, format)));

        Assert.That(png.Chunks.Select(c => c.Type), Is.EqualTo(new[] { "IHDR", "IDAT", "IEND" }));
        Assert.That(png.Chunks.All(c => c.CrcOk), Is.True, "every chunk CRC matches");
        Assert.That(png.Width, Is.EqualTo(5));
        Assert.That(png.Height, Is.EqualTo(3));
        Assert.That(png.BitDepth, Is.EqualTo(8));
        Assert.That(png.ColorType, Is.EqualTo(colorType));
        Assert.That(png.Chunk("IEND"), Is.Empty);
    }

    [TestCase(PixelFormat.Grayscale, 1, 1)]
    [TestCase(PixelFormat.Grayscale, 28, 28)]
    [TestCase(PixelFormat.Rgb, 7, 4)]
    [TestCase(PixelFormat.Rgb, 64, 33)]
    public void DecodesBackToTheSamePixels(PixelFormat format, int width, int height)
    {
        var image = Gradient(width, height, format);

        var decoded = PngFile.Parse(PngWriter.Encode(image)).Pixels();

        Assert.That(decoded, Is.EqualTo(image.Pixels));
    }

    [Test]
    public void WritesAFileAtomicallyReplacingTheOldOneAndLeavingNoTemporaryFile()
    {
        using var directory = new TempDirectory();
        var path = directory.File("grids/sample.png");
        var image = Gradient(4, 4, PixelFormat.Grayscale);

        PngWriter.Write(path, Gradient(9, 9, PixelFormat.Rgb));
        PngWriter.Write(path, image);

        Assert.That(directory.Files(), Is.EqualTo(new[] { Path.Combine("grids", "sample.png") }));
        Assert.That(PngFile.Parse(File.ReadAllBytes(path)).Pixels(), Is.EqualTo(image.Pixels));
    }

    [Test]
    public void PillowReadsTheFile()
    {
        Python.Require("PIL", "python3-pil");
        using var directory = new TempDirectory();
        var path = directory.File("rgb.png");
        var image = Gradient(6, 2, PixelFormat.Rgb);
        PngWriter.Write(path, image);

        var output = Python.Output("import sys; from PIL import Image; im = Image.open(sys.argv[1]); " +
                                   "print(im.mode, im.size[0], im.size[1], ','.join(str(v) for p in im.getdata() for v in p))", path);

        Assert.That(output.Trim(), Is.EqualTo($"RGB 6 2 {string.Join(',', image.Pixels)}"));
    }

    [Test]
    public void WritingToADirectoryIsRefused()
    {
        using var directory = new TempDirectory();

        Assert.That(() => PngWriter.Write(directory.Path, Gradient(2, 2, PixelFormat.Grayscale)),
            Throws.ArgumentException.With.Message.Contains("is a directory"));
    }

    [Test]
    public void AnImageWithTheWrongNumberOfBytesIsRefused()
    {
        Assert.That(() => new Image(3, 2, PixelFormat.Rgb, new byte[6]),
            Throws.ArgumentException.With.Message.Contains("needs 18 bytes"));
        Assert.That(() => new Image(0, 2, PixelFormat.Grayscale, []), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
