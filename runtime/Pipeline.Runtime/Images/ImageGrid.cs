namespace Pipeline.Runtime.Images;

/// <summary>Lays out many same-sized grayscale images into one picture, as torchvision's make_grid does.</summary>
public static class ImageGrid
{
    /// <summary>
    /// Places the N = <paramref name="images"/>.Length / (<paramref name="height"/>·<paramref name="width"/>) images
    /// (intensities in [0, 1], image after image, each row-major) in rows of min(<paramref name="columns"/>, N),
    /// with <paramref name="padding"/> pixels of <paramref name="padValue"/> around and between them.
    /// Values are clamped to [0, 1] and stored as round(v·255).
    /// </summary>
    /// <returns>A grayscale image of (rows·(H+padding)+padding) × (columns·(W+padding)+padding) pixels.</returns>
    public static Image Compose(ReadOnlySpan<float> images, int height, int width, int columns, int padding = 2, float padValue = 0f)
    {
        if (height < 1 || width < 1)
            throw new ArgumentOutOfRangeException(nameof(height), $"Each image is at least 1×1 pixels; got {height}×{width}.");
        if (columns < 1)
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "A grid has at least 1 column.");
        if (padding < 0)
            throw new ArgumentOutOfRangeException(nameof(padding), padding, "Padding is 0 or more pixels.");
        var imageSize = (long)height * width;
        if (images.Length == 0 || images.Length % imageSize != 0)
            throw new ArgumentException(
                $"{images.Length} values are not a whole number of {height}×{width} images ({imageSize} values each): " +
                "pass N·H·W values, image after image.", nameof(images));

        var count = (int)(images.Length / imageSize);
        var gridColumns = Math.Min(columns, count);
        var rows = (count + gridColumns - 1) / gridColumns;
        var gridWidth = (long)gridColumns * (width + padding) + padding;
        var gridHeight = (long)rows * (height + padding) + padding;
        if (gridWidth * gridHeight > Array.MaxLength)
            throw new ArgumentException($"A {gridWidth}×{gridHeight} grid is too large for one image: use fewer images per grid.", nameof(images));

        var pixels = new byte[gridWidth * gridHeight];
        Array.Fill(pixels, Image.ToByte(padValue));
        for (var i = 0; i < count; i++)
        {
            var left = padding + (i % gridColumns) * (width + padding);
            var top = padding + (i / gridColumns) * (height + padding);
            var source = images.Slice((int)(i * imageSize), (int)imageSize);
            for (var y = 0; y < height; y++)
            {
                var row = pixels.AsSpan((int)((top + y) * gridWidth + left), width);
                var values = source.Slice(y * width, width);
                for (var x = 0; x < width; x++) row[x] = Image.ToByte(values[x]);
            }
        }
        return new Image((int)gridWidth, (int)gridHeight, PixelFormat.Grayscale, pixels);
    }
}
