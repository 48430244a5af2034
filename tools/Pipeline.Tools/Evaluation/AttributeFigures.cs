using Pipeline.Data;
using Pipeline.Data.Attributes;
using Pipeline.Runtime.Models;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// An AR-VAE's latent space against the attributes of test images: per attribute, Spearman's ρ between its regularized
/// dimension (the posterior mean) and the attribute, and Adel et al.'s interpretability (the most informative dimension
/// and its R²).
/// </summary>
public sealed record AttributeFigures(int Images, IReadOnlyList<AttributeFigure> Attributes)
{
    /// <summary>The mean interpretability R² over the attributes (the AR-VAE paper's score).</summary>
    public double Interpretability => Attributes.Average(a => a.InterpretabilityRSquared);

    /// <summary>The figures of a package, its test images encoded through the runtime.</summary>
    public static AttributeFigures Compute(LatentVariableModel model, ImageDataset test, int count)
    {
        var spec = model.Manifest.Attributes
            ?? throw new ArgumentException($"{model.Manifest.Name} has no attribute-regularized dimensions: evaluate an arvae package");
        var images = test.Take(Math.Min(count, test.Count));
        var (means, _) = model.EncodeDistribution(Commands.DatasetImages.From(images, images.Count));
        var attributes = spec.Names.Select(ImageAttributes.Parse).ToArray();
        return FromCodes(means, model.LatentSize, spec.Dimensions, AttributeTable.Measure(images, attributes));
    }

    /// <summary>The figures of codes [N, Z] (row-major) whose dimension <paramref name="dimensions"/>[k] regularizes attribute k of <paramref name="table"/>.</summary>
    public static AttributeFigures FromCodes(float[] means, int latentSize, IReadOnlyList<int> dimensions, AttributeTable table)
    {
        var columns = Enumerable.Range(0, table.Attributes.Count).Select(table.Column).ToArray();
        var interpretability = AttributeMetrics.Interpretability(means, latentSize, columns);
        return new AttributeFigures(table.Count, Enumerable.Range(0, columns.Length).Select(k =>
        {
            var z = Enumerable.Range(0, table.Count).Select(n => (double)means[n * latentSize + dimensions[k]]).ToArray();
            return new AttributeFigure(ImageAttributes.Name(table.Attributes[k]), dimensions[k], AttributeMetrics.Spearman(z, columns[k]),
                interpretability[k].Dimension, interpretability[k].RSquared);
        }).ToList());
    }
}
