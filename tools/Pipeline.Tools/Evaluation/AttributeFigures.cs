using Pipeline.Data;
using Pipeline.Data.Attributes;
using Pipeline.Runtime.Models;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// An AR-VAE package's latent space against the attributes of test images: per attribute, Spearman's ρ between its
/// regularized dimension (the posterior mean, encoded through the runtime) and the attribute, and Adel et al.'s
/// interpretability (the most informative dimension and its R²).
/// </summary>
public sealed record AttributeFigures(int Images, IReadOnlyList<AttributeFigure> Attributes)
{
    /// <summary>The mean interpretability R² over the attributes (the AR-VAE paper's score).</summary>
    public double Interpretability => Attributes.Average(a => a.InterpretabilityRSquared);

    public static AttributeFigures Compute(LatentVariableModel model, ImageDataset test, int count)
    {
        var spec = model.Manifest.Attributes ?? throw new ArgumentException($"{model.Manifest.Name} has no attribute-regularized dimensions");
        var images = Commands.DatasetImages.From(test, Math.Min(count, test.Count));
        var (mean, _) = model.EncodeDistribution(images);
        var attributes = spec.Names.Select(n => Enum.Parse<ImageAttribute>(n.Replace("_", ""), ignoreCase: true)).ToArray();
        var table = AttributeTable.Measure(test.Take(images.Count), attributes);
        var columns = Enumerable.Range(0, attributes.Length).Select(k => table.Column(k).Select(v => (double)v).ToArray()).ToArray();
        var interpretability = AttributeMetrics.Interpretability(mean, model.LatentSize, columns);
        return new AttributeFigures(images.Count, Enumerable.Range(0, attributes.Length).Select(k =>
        {
            var dimension = spec.Dimensions[k];
            var z = Enumerable.Range(0, images.Count).Select(n => (double)mean[n * model.LatentSize + dimension]).ToArray();
            return new AttributeFigure(spec.Names[k], dimension, AttributeMetrics.Spearman(z, columns[k]), interpretability[k].Dimension, interpretability[k].RSquared);
        }).ToList());
    }
}
