namespace Pipeline.Runtime.Packages;

/// <summary>
/// The attribute-regularized latent dimensions of an AR-VAE package (manifest "attributes"): attribute k ("area", "slant", …)
/// is ordered by latent dimension <see cref="Dimensions"/>[k]. <see cref="ValueQuantiles"/>[k] and <see cref="LatentQuantiles"/>[k]
/// hold the same quantiles (0, 5, …, 100 %) of the attribute and of that dimension's posterior means over the training
/// images: the monotone map from an attribute value to a latent value that generation with a target attribute uses.
/// </summary>
public sealed record AttributeSpec
{
    /// <summary>The attributes' names, snake_case ("area", "thickness").</summary>
    public required IReadOnlyList<string> Names { get; init; }

    /// <summary>The latent dimension of each attribute.</summary>
    public required int[] Dimensions { get; init; }

    /// <summary>Per attribute: its quantiles over the training images, never decreasing.</summary>
    public required double[][] ValueQuantiles { get; init; }

    /// <summary>Per attribute: the same quantiles of its dimension's posterior means.</summary>
    public required double[][] LatentQuantiles { get; init; }
}
