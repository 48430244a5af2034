using Pipeline.Models.Flows;
using Pipeline.Randomness;
using Pipeline.Runtime.Flows;
using Pipeline.Runtime.Models;

namespace Pipeline.Tools.Images;

/// <summary>
/// What a 2-D toy flow learned, as three square panels over [−<see cref="Extent"/>, <see cref="Extent"/>]²: a histogram of the
/// data (when the package names its density), the learned density p(x) from the runtime's exact log p, and a histogram of
/// samples drawn by inverting the flow. Each panel is scaled to its own maximum.
/// </summary>
internal static class ToyFlowPicture
{
    public const double Extent = 3;
    private const int Cells = 160;
    private const int Points = 50_000;

    /// <summary>The panels as a batch of one-channel images (data, density, samples; data left out when the density is unknown).</summary>
    public static ImageBatch Create(FlowModel model, long seed)
    {
        var panels = new List<float[]>();
        if (Density(model) is { } density)
        {
            using var generator = Noise.Seeded(seed);
            using var points = ToyFlowTrainer.Points(density, Points, generator);
            panels.Add(Histogram(points.data<float>().ToArray()));
        }
        panels.Add(LearnedDensity(model));
        panels.Add(Histogram(model.Sample(Points, seed, new FlowSamplingOptions { BatchSize = 1000 }).Pixels));
        return new ImageBatch(panels.Count, 1, Cells, Cells, panels.SelectMany(p => p).ToArray());
    }

    /// <summary>What `sample` writes for a 2-D flow: one panel, the histogram of <paramref name="count"/> samples over the square.</summary>
    public static ImageBatch Samples(FlowModel model, int count, long seed) =>
        new(1, 1, Cells, Cells, Histogram(model.Sample(count, seed, new FlowSamplingOptions { BatchSize = Math.Min(count, 1000) }).Pixels));

    /// <summary>The toy density a package was trained on, from its manifest's "dataset".</summary>
    public static ToyDensity? Density(FlowModel model) =>
        model.Manifest.Dataset is { } name && Enum.TryParse<ToyDensity>(name.Replace("_", ""), ignoreCase: true, out var density) ? density : null;

    /// <summary>The centres of the grid's cells as points [Cells², 2], row 0 at the top.</summary>
    public static float[] GridPoints(int cells, double extent)
    {
        var points = new float[2 * cells * cells];
        var width = 2 * extent / cells;
        for (var row = 0; row < cells; row++)
        for (var column = 0; column < cells; column++)
        {
            points[2 * (row * cells + column)] = (float)(-extent + (column + 0.5) * width);
            points[2 * (row * cells + column) + 1] = (float)(extent - (row + 0.5) * width);
        }
        return points;
    }

    private static float[] LearnedDensity(FlowModel model)
    {
        var density = model.LogDensity(GridPoints(Cells, Extent), Cells * Cells).Select(Math.Exp).ToArray();
        return Normalize(density);
    }

    private static float[] Histogram(float[] points)
    {
        var counts = new double[Cells * Cells];
        for (var i = 0; i + 1 < points.Length; i += 2)
        {
            var column = (int)Math.Floor((points[i] + Extent) / (2 * Extent) * Cells);
            var row = (int)Math.Floor((Extent - points[i + 1]) / (2 * Extent) * Cells);
            if ((uint)column < Cells && (uint)row < Cells) counts[row * Cells + column]++;
        }
        return Normalize(counts);
    }

    private static float[] Normalize(double[] values)
    {
        var max = values.Max();
        return values.Select(v => max > 0 ? (float)(v / max) : 0f).ToArray();
    }
}
