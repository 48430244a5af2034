namespace Pipeline.Data;

/// <summary>
/// Labelled grayscale images held as bytes: <see cref="Count"/> images of
/// <see cref="Height"/>×<see cref="Width"/> pixels (0..255, row-major, one image after another)
/// and one class label per image.
/// </summary>
public sealed class ImageDataset
{
    private readonly byte[] pixels;
    private readonly byte[] labels;
    private readonly string[] classNames;

    /// <summary>
    /// Wraps the arrays without copying them (the dataset takes them over: do not change them afterwards).
    /// </summary>
    public ImageDataset(string name, byte[] pixels, byte[] labels, int height, int width, IReadOnlyList<string> classNames)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classNames);
        if (height <= 0 || width <= 0)
            throw new ArgumentException($"images of {height}×{width} pixels are impossible: give a positive height and width");
        if (classNames.Count == 0)
            throw new ArgumentException("a dataset needs at least one class name", nameof(classNames));
        if (pixels.LongLength != (long)labels.Length * height * width)
            throw new ArgumentException(
                $"{pixels.LongLength} pixel bytes do not make {labels.Length} images of {height}×{width}: give {labels.Length * (long)height * width} bytes (one label per image)",
                nameof(pixels));
        for (var i = 0; i < labels.Length; i++)
        {
            if (labels[i] >= classNames.Count)
                throw new ArgumentException($"label {labels[i]} of image {i} is not below the class count {classNames.Count}: give a class name for every label", nameof(labels));
        }

        Name = name;
        this.pixels = pixels;
        this.labels = labels;
        Height = height;
        Width = width;
        this.classNames = classNames.ToArray();
    }

    /// <summary>A short name for logs (e.g. "fashion-mnist-train").</summary>
    public string Name { get; }

    /// <summary>Number of images.</summary>
    public int Count => labels.Length;

    /// <summary>Rows of every image.</summary>
    public int Height { get; }

    /// <summary>Columns of every image.</summary>
    public int Width { get; }

    /// <summary>Height × Width.</summary>
    public int PixelsPerImage => Height * Width;

    /// <summary>Number of classes (labels are 0..ClassCount−1).</summary>
    public int ClassCount => classNames.Length;

    /// <summary>The name of each class, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames => classNames;

    /// <summary>All pixels, image after image.</summary>
    public ReadOnlyMemory<byte> Pixels => pixels;

    /// <summary>All labels, one per image.</summary>
    public ReadOnlyMemory<byte> Labels => labels;

    /// <summary>The pixels of one image (row-major).</summary>
    public ReadOnlySpan<byte> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
    }

    /// <summary>The label of one image.</summary>
    public int Label(int index) => labels[index];

    /// <summary>The first <paramref name="count"/> images (a copy).</summary>
    public ImageDataset Take(int count)
    {
        if (count < 0 || count > Count)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"{Name} has {Count} images: take between 0 and {Count}");
        var size = PixelsPerImage;
        return new ImageDataset(
            $"{Name}[:{count}]",
            pixels.AsSpan(0, count * size).ToArray(),
            labels.AsSpan(0, count).ToArray(),
            Height, Width, classNames);
    }

    /// <summary>The images at <paramref name="indices"/>, in that order (a copy; repeats allowed).</summary>
    public ImageDataset Subset(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var size = PixelsPerImage;
        var subsetPixels = new byte[(long)indices.Count * size];
        var subsetLabels = new byte[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            var index = indices[i];
            if (index < 0 || index >= Count)
                throw new ArgumentOutOfRangeException(nameof(indices), index, $"index {index} (position {i}) is outside {Name}, which has {Count} images");
            Image(index).CopyTo(subsetPixels.AsSpan(i * size, size));
            subsetLabels[i] = labels[index];
        }
        return new ImageDataset($"{Name}[subset of {indices.Count}]", subsetPixels, subsetLabels, Height, Width, classNames);
    }

    /// <summary>The average image, pixel by pixel, scaled to [0, 1] (Height×Width values, row-major).</summary>
    public float[] MeanImage()
    {
        var size = PixelsPerImage;
        var sums = new long[size];
        for (var image = 0; image < Count; image++)
        {
            var source = pixels.AsSpan(image * size, size);
            for (var p = 0; p < size; p++) sums[p] += source[p];
        }
        var mean = new float[size];
        if (Count == 0) return mean;
        var scale = 1.0 / (255.0 * Count);
        for (var p = 0; p < size; p++) mean[p] = (float)(sums[p] * scale);
        return mean;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Count} images of {Height}×{Width}, {ClassCount} classes";
}
