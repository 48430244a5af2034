namespace Pipeline.Runtime.Packages;

/// <summary>The observation model p(x | z) of a VAE's decoder.</summary>
public enum LikelihoodKind
{
    /// <summary>Each pixel ~ Bernoulli(decoder output); data dynamically binarized in training.</summary>
    Bernoulli,

    /// <summary>Each pixel ~ N(decoder output, σ²) with a fixed σ.</summary>
    Gaussian,
}
