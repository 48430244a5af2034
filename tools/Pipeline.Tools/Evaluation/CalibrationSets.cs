using Pipeline.Data;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Randomness;
using Pipeline.Tools.Commands;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// Reference image sets that give every metric a scale: the training set (the floor: real images that are
/// not the test images), uniform noise (the ceiling), and independent per-pixel Gaussians fitted to the
/// training set (right pixel statistics, no structure).
/// </summary>
public static class CalibrationSets
{
    public static IReadOnlyList<(string Name, ImageBatch Images)> Create(ImageDataset train, int count, long seed)
    {
        var random = new SeededRandom(unchecked((ulong)seed));
        var pixels = train.PixelsPerImage;
        var uniform = new float[count * pixels];
        random.FillUniform(uniform);

        // μ and σ of each pixel over the training set, then x = clamp(μ + σ·ε, 0, 1)
        var mean = new double[pixels];
        var square = new double[pixels];
        for (var n = 0; n < train.Count; n++)
        {
            var image = train.Image(n);
            for (var p = 0; p < pixels; p++)
            {
                var v = image[p] / 255.0;
                mean[p] += v;
                square[p] += v * v;
            }
        }
        var gaussian = new float[count * pixels];
        for (var p = 0; p < pixels; p++)
        {
            mean[p] /= train.Count;
            square[p] = Math.Sqrt(Math.Max(0, square[p] / train.Count - mean[p] * mean[p]));
        }
        for (var i = 0; i < gaussian.Length; i++)
            gaussian[i] = (float)Math.Clamp(mean[i % pixels] + square[i % pixels] * random.NextNormal(), 0, 1);

        ImageBatch Batch(float[] values) => new(count, 1, train.Height, train.Width, values);
        return new[]
        {
            ("training set (floor)", DatasetImages.From(train, count)),
            ("per-pixel Gaussians", Batch(gaussian)),
            ("uniform noise", Batch(uniform)),
        };
    }
}
