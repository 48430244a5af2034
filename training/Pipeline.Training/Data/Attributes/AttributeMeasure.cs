namespace Pipeline.Data.Attributes;

/// <summary>Measures the <see cref="ImageAttribute"/>s of an image of bytes (0..255), row-major.</summary>
public static class AttributeMeasure
{
    /// <summary>The ink threshold: pixels of 128 and more (intensity ≥ ½) belong to the mask M.</summary>
    public const byte Ink = 128;

    /// <summary>The value of <paramref name="attribute"/> for one image.</summary>
    public static double Measure(ImageAttribute attribute, ReadOnlySpan<byte> image, int height, int width) =>
        MeasureAll([attribute], image, height, width)[0];

    /// <summary>The values of <paramref name="attributes"/> for one image, in their order (the skeleton is computed once, when needed).</summary>
    public static double[] MeasureAll(IReadOnlyList<ImageAttribute> attributes, ReadOnlySpan<byte> image, int height, int width)
    {
        if (image.Length != height * width) throw new ArgumentException($"a {height}×{width} image has {height * width} pixels, got {image.Length}");
        var mask = new bool[image.Length];
        for (var i = 0; i < mask.Length; i++) mask[i] = image[i] >= Ink;
        var area = mask.Count(m => m);
        var length = attributes.Any(a => a is ImageAttribute.Length or ImageAttribute.Thickness) ? Skeleton.Thin(mask, height, width).Count(m => m) : 0;
        var values = new double[attributes.Count];
        for (var k = 0; k < attributes.Count; k++)
        {
            values[k] = attributes[k] switch
            {
                ImageAttribute.Area => area,
                ImageAttribute.Length => length,
                ImageAttribute.Thickness => length == 0 ? 0 : (double)area / length,
                ImageAttribute.Slant => Slant(mask, height, width),
                ImageAttribute.Width => Extent(mask, height, width, columns: true),
                ImageAttribute.Height => Extent(mask, height, width, columns: false),
                _ => throw new ArgumentOutOfRangeException(nameof(attributes), attributes[k], "unknown attribute"),
            };
        }
        return values;
    }

    /// <summary>atan(Σ x̃ỹ / Σ ỹ²) with ỹ counted upwards from the centroid; 0 when M has no vertical spread.</summary>
    private static double Slant(bool[] mask, int height, int width)
    {
        double count = 0, sumX = 0, sumY = 0;
        for (var r = 0; r < height; r++)
            for (var c = 0; c < width; c++)
                if (mask[r * width + c]) (count, sumX, sumY) = (count + 1, sumX + c, sumY - r);
        if (count == 0) return 0;
        var (meanX, meanY) = (sumX / count, sumY / count);
        double xy = 0, yy = 0;
        for (var r = 0; r < height; r++)
            for (var c = 0; c < width; c++)
            {
                if (!mask[r * width + c]) continue;
                var (x, y) = (c - meanX, -r - meanY);
                xy += x * y;
                yy += y * y;
            }
        return yy == 0 ? 0 : Math.Atan(xy / yy);
    }

    /// <summary>The columns (or rows) between the first and last that hold ink, inclusive; 0 when there is none.</summary>
    private static int Extent(bool[] mask, int height, int width, bool columns)
    {
        var (first, last) = (int.MaxValue, -1);
        for (var r = 0; r < height; r++)
            for (var c = 0; c < width; c++)
            {
                if (!mask[r * width + c]) continue;
                var at = columns ? c : r;
                (first, last) = (Math.Min(first, at), Math.Max(last, at));
            }
        return last < 0 ? 0 : last - first + 1;
    }
}
