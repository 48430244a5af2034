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
        var means = EncoderCodes.Of(encoder, images);                            // μ [N, Z]
        var size = means.Length / images.Count;
        return new AttributeSpec
        {
            Names = attributes.Select(ImageAttributes.Name).ToList(),
            Dimensions = Enumerable.Range(0, attributes.Count).ToArray(),
            ValueQuantiles = Enumerable.Range(0, attributes.Count).Select(k => Quantiles(table.Column(k))).ToArray(),
            LatentQuantiles = Enumerable.Range(0, attributes.Count).Select(k => Quantiles(Enumerable.Range(0, images.Count).Select(n => (double)means[n * size + k]))).ToArray(),
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
