using Pipeline.Runtime.Images;

namespace Pipeline.Runtime.Models;

/// <summary>
/// Images as the runtime returns and takes them: <see cref="Count"/> images of Channels×Height×Width
/// intensities in [0, 1], row-major, one after the other in <see cref="Pixels"/>.
/// </summary>
public sealed class ImageBatch
{
    /// <summary>Wraps <paramref name="pixels"/> (not copied): <paramref name="count"/> images of the given size.</summary>
    public ImageBatch(int count, int channels, int height, int width, float[] pixels)
    {
        if (count < 0 || channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"an image batch needs positive sizes, got {count} × {channels} × {height} × {width}");
        if (pixels.Length != (long)count * channels * height * width)
            throw new ArgumentException($"{count} images of {channels}×{height}×{width} need {(long)count * channels * height * width} values, got {pixels.Length}");
        Count = count;
        Channels = channels;
        Height = height;
        Width = width;
        Pixels = pixels;
    }

    /// <summary>
    /// Checks a requested number of images of <paramref name="spec"/>: at least one, and few enough that their values fit
    /// one .NET array (2³¹ − 1 floats); throws <see cref="ArgumentOutOfRangeException"/> naming both bounds otherwise.
    /// </summary>
    public static void CheckCount(int count, Packages.ImageSpec spec)
    {
        var most = int.MaxValue / spec.PixelsPerImage;
        if (count <= 0 || count > most)
            throw new ArgumentOutOfRangeException(nameof(count), count,
                $"ask for 1 to {most:N0} images of {spec.Channels}×{spec.Height}×{spec.Width} at once (their values must fit one array); draw more in several calls with other seeds");
    }

    /// <summary>Number of images.</summary>
    public int Count { get; }
    /// <summary>Channels per image (1 for grayscale).</summary>
    public int Channels { get; }
    /// <summary>Rows per image.</summary>
    public int Height { get; }
    /// <summary>Columns per image.</summary>
    public int Width { get; }
    /// <summary>Values per image.</summary>
    public int PixelsPerImage => Channels * Height * Width;
    /// <summary>All intensities, image after image, row-major.</summary>
    public float[] Pixels { get; }

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Image(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>Images <paramref name="start"/> .. start+count−1, copied.</summary>
    public ImageBatch Slice(int start, int count) =>
        new(count, Channels, Height, Width, Pixels.AsSpan(start * PixelsPerImage, count * PixelsPerImage).ToArray());

    /// <summary>All images in one grayscale picture, <paramref name="columns"/> per row (a square grid by default).</summary>
    public Image ToGrid(int? columns = null, int padding = 2)
    {
        if (Channels != 1) throw new NotSupportedException($"grids of {Channels}-channel images are not supported");
        var c = columns ?? (int)Math.Ceiling(Math.Sqrt(Count));
        return ImageGrid.Compose(Pixels, Height, Width, c, padding);
    }

    /// <summary>
    /// The images as 8-bit values v = round(255·x) spread over their cells, (v + u)/256 with u ~ U[0, 1) drawn once per
    /// pixel from <paramref name="random"/>: the dequantization under which a density on [0, 1) bounds the probability of
    /// 8-bit images (−log P(v) ≤ −log p(x) + D ln 256).
    /// </summary>
    public ImageBatch Dequantized(Randomness.SeededRandom random)
    {
        var x = new float[Pixels.Length];
        random.FillUniform(x);
        for (var i = 0; i < x.Length; i++) x[i] = (MathF.Round(Math.Clamp(Pixels[i], 0, 1) * 255) + x[i]) / 256;
        return new ImageBatch(Count, Channels, Height, Width, x);
    }

    /// <summary>Throws when an image has a NaN or infinite pixel (input validation at the runtime's boundary).</summary>
    public void CheckFinite(string what)
    {
        for (var i = 0; i < Pixels.Length; i++)
            if (!float.IsFinite(Pixels[i]))
                throw new ArgumentException($"{what}: image {i / PixelsPerImage} has a non-finite pixel ({Pixels[i]}) at offset {i % PixelsPerImage}: pass intensities in [0, 1]");
    }
}
