namespace Pipeline.Tools.Evaluation;

/// <summary>
/// A flow package's own figures. Image flows: the likelihood-based out-of-distribution test, Fashion-MNIST test images
/// against the MNIST digits scored by bits/dim (AUROC: the probability that a digit scores more bits than a Fashion image;
/// below ½ means the flow finds the digits more likely). Toy flows: the mass of the learned density on a grid, and the exact
/// −log p of fresh points of its density.
/// </summary>
public sealed record FlowFigures
{
    /// <summary>Images of each set scored for the AUROC.</summary>
    public int? OodImages { get; init; }

    /// <summary>Mean bits/dim of the MNIST digits (each dequantized once, seeded).</summary>
    public double? DigitsBitsPerDim { get; init; }

    /// <summary>AUROC of bits/dim, the digits positive.</summary>
    public double? OodAuroc { get; init; }

    /// <summary>∫ p over [−4, 4]² by the midpoint rule on 400 × 400 cells.</summary>
    public double? DensityMass { get; init; }

    /// <summary>Exact −log p(x) of fresh points of the package's density, nats per point.</summary>
    public double? PointsNll { get; init; }

    /// <summary>Fresh points scored for <see cref="PointsNll"/>.</summary>
    public int? Points { get; init; }
}
