using System.Runtime.InteropServices;
using Pipeline.IO;
using Pipeline.Runtime.Images;
using Pipeline.Runtime.Models;
using SkiaSharp;

namespace Pipeline.Tools.Images;

/// <summary>
/// PNG files of the runtime's images, encoded and decoded by SkiaSharp (the runtime itself hands out pixels and
/// leaves the file format to the app). Files are written atomically: a complete file or the previous one untouched.
/// </summary>
public static class PngFile
{
    /// <summary>The PNG file of <paramref name="image"/>: 8-bit grayscale or 8-bit RGB, as the image is.</summary>
    public static byte[] Encode(Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var (colorType, pixels) = image.Format == PixelFormat.Rgb
            ? (SKColorType.Rgb888x, WithPadding(image))
            : (SKColorType.Gray8, image.Pixels);
        var info = new SKImageInfo(image.Width, image.Height, colorType, SKAlphaType.Opaque);
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = pixmap.Encode(SKEncodedImageFormat.Png, 100)
                             ?? throw new InvalidOperationException($"SkiaSharp could not encode a {image.Width}×{image.Height} {image.Format} image as PNG.");
            return data.ToArray();
        }
        finally
        {
            handle.Free();
        }
    }

    /// <summary>Writes <paramref name="image"/> to <paramref name="path"/> atomically, creating the directory when missing.</summary>
    public static void Write(string path, Image image)
    {
        var bytes = Encode(image);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Writes all images of <paramref name="images"/> as one grid (<see cref="ImageBatch.ToGrid"/>) to <paramref name="path"/>.</summary>
    public static void SaveGrid(this ImageBatch images, string path, int? columns = null, int padding = 2) =>
        Write(path, images.ToGrid(columns, padding));

    /// <summary>Reads a PNG file as 8-bit grayscale (when the file is grayscale) or 8-bit RGB (colour; alpha dropped).</summary>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="InvalidDataException">The file is not an image SkiaSharp can decode.</exception>
    public static Image Read(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"The image '{path}' does not exist: check the path.", path);
        using var codec = SKCodec.Create(path)
                          ?? throw new InvalidDataException($"'{path}' is not an image file SkiaSharp can decode: pass a PNG file.");
        var grayscale = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, grayscale ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
            throw new InvalidDataException($"'{path}' could not be decoded ({result}): the file is damaged or not a PNG file.");
        var bytes = bitmap.Bytes;
        return grayscale
            ? new Image(info.Width, info.Height, PixelFormat.Grayscale, bytes)
            : new Image(info.Width, info.Height, PixelFormat.Rgb, WithoutAlpha(bytes));
    }

    private static byte[] WithPadding(Image image)
    {
        var padded = new byte[image.Width * image.Height * 4];
        for (int i = 0, j = 0; i < image.Pixels.Length; i += 3, j += 4)
        {
            padded[j] = image.Pixels[i];
            padded[j + 1] = image.Pixels[i + 1];
            padded[j + 2] = image.Pixels[i + 2];
            padded[j + 3] = 255;
        }
        return padded;
    }

    private static byte[] WithoutAlpha(byte[] rgba)
    {
        var rgb = new byte[rgba.Length / 4 * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = rgba[i];
            rgb[j + 1] = rgba[i + 1];
            rgb[j + 2] = rgba[i + 2];
        }
        return rgb;
    }
}
