using Pipeline.Data;
using Pipeline.Runtime.Models;

namespace Pipeline.Tools.Commands;

/// <summary>Dataset images in the runtime's form (intensities in [0, 1]).</summary>
internal static class DatasetImages
{
    public static ImageBatch From(ImageDataset dataset, int count)
    {
        var n = Math.Min(count, dataset.Count);
        var pixels = new float[n * dataset.PixelsPerImage];
        var source = dataset.Pixels.Span;
        for (var i = 0; i < pixels.Length; i++) pixels[i] = source[i] / 255f;
        return new ImageBatch(n, 1, dataset.Height, dataset.Width, pixels);
    }

    /// <summary>x̃ = clamp(x + σ·ε, 0, 1) with ε ~ N(0, I) from a seeded generator.</summary>
    public static ImageBatch AddNoise(ImageBatch images, double sigma, long seed)
    {
        var random = new Pipeline.Runtime.Randomness.SeededRandom(unchecked((ulong)seed));
        var noisy = images.Pixels.Select(p => (float)Math.Clamp(p + sigma * random.NextNormal(), 0, 1)).ToArray();
        return new ImageBatch(images.Count, images.Channels, images.Height, images.Width, noisy);
    }

    /// <summary>Images of several batches of the same size, one after the other.</summary>
    public static ImageBatch Concat(params ImageBatch[] batches) =>
        new(batches.Sum(b => b.Count), batches[0].Channels, batches[0].Height, batches[0].Width, batches.SelectMany(b => b.Pixels).ToArray());
}
