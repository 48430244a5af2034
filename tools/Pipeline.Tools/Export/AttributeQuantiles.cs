using Pipeline.Data;
using Pipeline.Data.Attributes;
using Pipeline.Export;
using Pipeline.Runtime.Packages;
using static TorchSharp.torch;

namespace Pipeline.Tools.Export;

/// <summary>
/// The "attributes" section of an AR-VAE package: for each attribute, the quantiles 0, 5, …, 100 % of its values over the
/// training images and of its dimension's posterior means (by the exported encoder), the monotone map generation with a
/// target attribute value follows.
/// </summary>
internal static class AttributeQuantiles
{
    private const int Steps = 20;

    public static AttributeSpec Fit(IAttributeExport model, ExportableNetwork encoder, ImageDataset images)
    {
        var attributes = model.Attributes;
        var table = AttributeTable.Measure(images, attributes);
        var means = new List<float[]>();
        var loader = new DataLoader(images, 1000, shuffle: false, transform: PixelTransform.ZeroOne);
        foreach (var batch in loader)
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var mean = encoder.Run([batch.Images])[0];                           // μ [B, Z]
            var size = (int)mean.shape[1];
            var values = mean.cpu().contiguous().data<float>().ToArray();
            means.AddRange(Enumerable.Range(0, batch.Size).Select(i => values[(i * size)..((i + 1) * size)]));
        }
        return new AttributeSpec
        {
            Names = attributes.Select(a => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(a.ToString())).ToList(),
            Dimensions = Enumerable.Range(0, attributes.Count).ToArray(),
            ValueQuantiles = Enumerable.Range(0, attributes.Count).Select(k => Quantiles(table.Column(k).Select(v => (double)v))).ToArray(),
            LatentQuantiles = Enumerable.Range(0, attributes.Count).Select(k => Quantiles(means.Select(m => (double)m[k]))).ToArray(),
        };
    }

    /// <summary>The values at ranks 0, 5, …, 100 % (linear between order statistics).</summary>
    private static double[] Quantiles(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return Enumerable.Range(0, Steps + 1).Select(q =>
        {
            var position = (double)q / Steps * (sorted.Length - 1);
            var below = (int)Math.Floor(position);
            var above = Math.Min(below + 1, sorted.Length - 1);
            return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        }).ToArray();
    }
}
