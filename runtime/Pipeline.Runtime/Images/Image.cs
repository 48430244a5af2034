namespace Pipeline.Runtime.Images;

/// <summary>An 8-bit picture: <see cref="Pixels"/> holds rows top to bottom, pixels left to right (interleaved channels for RGB).</summary>
public sealed class Image
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied) as a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    public Image(int width, int height, PixelFormat format, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (width < 1 || height < 1)
            throw new ArgumentOutOfRangeException(nameof(width), $"An image is at least 1×1 pixels; got {width}×{height}.");
        if (!Enum.IsDefined(format))
            throw new ArgumentOutOfRangeException(nameof(format), format, "The format must be Grayscale or Rgb.");
        var expected = (long)width * height * ChannelsOf(format);
        if (pixels.LongLength != expected)
            throw new ArgumentException(
                $"A {width}×{height} {format} image needs {expected} bytes, but {pixels.LongLength} were given.", nameof(pixels));
        Width = width;
        Height = height;
        Format = format;
        Pixels = pixels;
    }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Rows.</summary>
    public int Height { get; }

    /// <summary>The layout of <see cref="Pixels"/>.</summary>
    public PixelFormat Format { get; }

    /// <summary>Bytes per pixel: 1 for grayscale, 3 for RGB.</summary>
    public int Channels => ChannelsOf(Format);

    /// <summary>The pixel bytes, <see cref="Height"/> rows of <see cref="Width"/>·<see cref="Channels"/> bytes.</summary>
    public byte[] Pixels { get; }

    /// <summary>Bytes per pixel of <paramref name="format"/>.</summary>
    public static int ChannelsOf(PixelFormat format) => format == PixelFormat.Rgb ? 3 : 1;

    /// <summary>
    /// The byte for an intensity in [0, 1]: round(v·255) with halves rounded up, values outside [0, 1]
    /// clamped and NaN taken as 0.
    /// </summary>
    public static byte ToByte(float value)
    {
        if (float.IsNaN(value) || value <= 0f) return 0;
        if (value >= 1f) return 255;
        return (byte)MathF.Floor(value * 255f + 0.5f);
    }
}
