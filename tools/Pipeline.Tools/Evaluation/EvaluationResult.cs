namespace Pipeline.Tools.Evaluation;

/// <summary>Every figure `tools/pipeline eval` measured for one package (or one calibration set), as saved for the report.</summary>
public sealed record EvaluationResult
{
    public required string Name { get; init; }
    public required string Family { get; init; }
    public long Seed { get; init; }
    /// <summary>How the images were generated ("prior + decoder", "DDIM-50", "DDPM-1000").</summary>
    public string? Sampler { get; init; }
    public SampleQuality? Quality { get; init; }
    /// <summary>Conditional models: the classifier's accuracy on generated images of each requested class.</summary>
    public IReadOnlyList<double>? ClassAccuracy { get; init; }
    public LikelihoodBounds? Likelihood { get; init; }
    /// <summary>Autoregressive packages: the exact test-set −log p(x).</summary>
    public ExactLikelihood? ExactLikelihood { get; init; }
    /// <summary>VQ-VAE packages: reconstruction, codebook usage and the prior's likelihood of the test codes.</summary>
    public CodebookFigures? Codebook { get; init; }
    /// <summary>Flow packages: the out-of-distribution test (images) or the density's mass and fresh points' −log p (toys).</summary>
    public FlowFigures? Flow { get; init; }
    /// <summary>AR-VAE packages: each regularized dimension against its attribute on test images.</summary>
    public AttributeFigures? Attributes { get; init; }
    /// <summary>The test images' dataset when it is not Fashion-MNIST ("mnist_digits").</summary>
    public string? Dataset { get; init; }
    /// <summary>Classifier packages: accuracy on the Fashion-MNIST test set.</summary>
    public double? TestAccuracy { get; init; }
    /// <summary>Images generated per second while sampling for the metrics (CPU, this machine).</summary>
    public double? ImagesPerSecond { get; init; }
}
