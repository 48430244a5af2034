using Pipeline.Data;
using TorchSharp;
using static TorchSharp.torch;
using DataLoader = Pipeline.Data.DataLoader;

namespace Pipeline.Models.Flows;

/// <summary>The exact likelihood figures of a trained flow: bits per dimension of 8-bit images, and densities of points on a grid.</summary>
public static class FlowEvaluation
{
    /// <summary>
    /// Bits per dimension of every image of <paramref name="dataset"/>, each dequantized once with u ~ U[0, 1) drawn from
    /// <paramref name="seed"/> (the usual protocol: an upper bound on −log₂ P(v) / D in expectation).
    /// </summary>
    public static double[] BitsPerDim(RealNvp model, ImageDataset dataset, Device device, int seed = 0, int batchSize = 500)
    {
        if (model.Config.Input != FlowInput.Pixels) throw new ArgumentException("bits per dimension are the figure of image flows; this flow models points");
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        var bits = new List<double>(dataset.Count);
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false, seed: seed, transform: PixelTransform.UniformDequantization))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            bits.AddRange(model.BitsPerDim(batch.Images.to(device)).cpu().data<float>().ToArray().Select(b => (double)b));
        }
        model.train(wasTraining);
        return bits.ToArray();
    }

    /// <summary>The mean of <see cref="BitsPerDim"/> over <paramref name="dataset"/>.</summary>
    public static double MeanBitsPerDim(RealNvp model, ImageDataset dataset, Device device, int seed = 0) => BitsPerDim(model, dataset, device, seed).Average();

    /// <summary>
    /// log p(x) of a points flow at the centres of a <paramref name="cells"/>×<paramref name="cells"/> grid over
    /// [−<paramref name="extent"/>, <paramref name="extent"/>]², row 0 at the top (y = +extent), [cells·cells].
    /// </summary>
    public static float[] LogDensityGrid(RealNvp model, double extent, int cells)
    {
        if (model.Config.Input != FlowInput.Points || model.Dimensions != 2) throw new ArgumentException("density grids are drawn for flows of 2-D points");
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        var points = new float[2 * cells * cells];
        var width = 2 * extent / cells;
        for (var row = 0; row < cells; row++)
        for (var column = 0; column < cells; column++)
        {
            points[2 * (row * cells + column)] = (float)(-extent + (column + 0.5) * width);
            points[2 * (row * cells + column) + 1] = (float)(extent - (row + 0.5) * width);
        }
        using var x = tensor(points, [cells * cells, 2, 1, 1]).to(model.parameters().First().device);
        using var density = model.LogDensity(x).cpu();
        model.train(wasTraining);
        return density.data<float>().ToArray();
    }
}
