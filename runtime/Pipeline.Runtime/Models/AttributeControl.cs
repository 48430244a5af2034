using Pipeline.Runtime.Packages;

namespace Pipeline.Runtime.Models;

/// <summary>
/// Generation along an AR-VAE's attribute-regularized latent dimensions (seed 004): traversals (the seed's figure: one
/// column per attribute, the regularized dimension swept down the rows, the other dimensions fixed) and images whose
/// attribute is set to a target value, through the package's monotone map from attribute values to latent values.
/// </summary>
public sealed class AttributeControl
{
    private readonly LatentVariableModel model;
    private readonly AttributeSpec spec;

    /// <summary>Controls the attributes of <paramref name="model"/>, whose manifest must have an attributes section.</summary>
    public AttributeControl(LatentVariableModel model)
    {
        this.model = model;
        spec = model.Manifest.Attributes ?? throw new ArgumentException($"{model.Manifest.Name} has no attribute-regularized dimensions (an arvae package has)");
    }

    /// <summary>The attributes, in the order of the package ("area", "length", …).</summary>
    public IReadOnlyList<string> Names => spec.Names;

    /// <summary>The latent dimension that orders <paramref name="attribute"/>.</summary>
    public int Dimension(string attribute) => spec.Dimensions[Index(attribute)];

    /// <summary>
    /// The latent value that gives <paramref name="attribute"/> = <paramref name="value"/>: linear between the training set's
    /// matching quantiles, the end quantiles' latent values outside their range.
    /// </summary>
    public double LatentValue(string attribute, double value)
    {
        if (!double.IsFinite(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "the target value must be finite");
        var k = Index(attribute);
        var (values, latents) = (spec.ValueQuantiles[k], spec.LatentQuantiles[k]);
        if (value <= values[0]) return latents[0];
        if (value >= values[^1]) return latents[^1];
        var i = 1;
        while (values[i] < value) i++;
        // values[i − 1] < value ≤ values[i]: the segment has a width.
        return latents[i - 1] + (value - values[i - 1]) / (values[i] - values[i - 1]) * (latents[i] - latents[i - 1]);
    }

    /// <summary>
    /// <paramref name="count"/> images from z ~ N(0, I) (drawn with <paramref name="seed"/>) with the attribute's dimension set
    /// to the latent value of <paramref name="value"/>.
    /// </summary>
    public ImageBatch Generate(string attribute, double value, int count, long seed)
    {
        var (dimension, latent) = (Dimension(attribute), (float)LatentValue(attribute, value));
        var z = model.SampleLatents(count, seed);
        for (var n = 0; n < count; n++) z[n * model.LatentSize + dimension] = latent;
        return model.Decode(z);
    }

    /// <summary>
    /// One code z ~ N(0, I) (drawn with <paramref name="seed"/>), and for each attribute (a column) its dimension set to
    /// <paramref name="steps"/> values from −<paramref name="extent"/> to +<paramref name="extent"/> (the rows): the images row by row.
    /// </summary>
    public ImageBatch Traverse(long seed, int steps = 10, double extent = 3)
    {
        if (steps < 2) throw new ArgumentOutOfRangeException(nameof(steps), steps, "traverse over at least 2 steps");
        if (!(extent > 0) || !double.IsFinite(extent)) throw new ArgumentOutOfRangeException(nameof(extent), extent, "the extent is a positive latent distance");
        var size = model.LatentSize;
        var start = model.SampleLatents(1, seed);
        var z = new float[steps * Names.Count * size];
        for (var s = 0; s < steps; s++)
            for (var k = 0; k < Names.Count; k++)
            {
                var row = z.AsSpan((s * Names.Count + k) * size, size);
                start.CopyTo(row);
                row[spec.Dimensions[k]] = (float)(-extent + 2 * extent * s / (steps - 1));
            }
        return model.Decode(z);
    }

    private int Index(string attribute)
    {
        for (var k = 0; k < spec.Names.Count; k++)
            if (string.Equals(spec.Names[k], attribute, StringComparison.OrdinalIgnoreCase)) return k;
        throw new ArgumentException($"{model.Manifest.Name} regularizes {string.Join(", ", spec.Names)}, not '{attribute}'");
    }
}
