using Pipeline.Data;

namespace Pipeline.Tests.Data;

/// <summary>Small in-memory datasets whose pixels identify each image.</summary>
internal static class SyntheticImages
{
    /// <summary>Image i holds pixel value i % 256 everywhere and label i % 10.</summary>
    public static ImageDataset Indexed(int count, int height = 2, int width = 3)
    {
        var size = height * width;
        var pixels = new byte[count * size];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            pixels.AsSpan(i * size, size).Fill((byte)(i % 256));
            labels[i] = (byte)(i % 10);
        }
        return new ImageDataset("indexed", pixels, labels, height, width, Enumerable.Range(0, 10).Select(d => $"c{d}").ToArray());
    }

    /// <summary>Uniformly random bytes from a seeded System.Random.</summary>
    public static ImageDataset Random(int count, int height, int width, int seed)
    {
        var pixels = new byte[count * height * width];
        new System.Random(seed).NextBytes(pixels);
        return new ImageDataset("random", pixels, new byte[count], height, width, new[] { "only" });
    }
}
