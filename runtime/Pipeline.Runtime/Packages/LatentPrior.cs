namespace Pipeline.Runtime.Packages;

/// <summary>The distribution the runtime draws latent codes from.</summary>
public enum LatentPrior
{
    /// <summary>z ~ N(0, I) (VAEs).</summary>
    StandardNormal,

    /// <summary>z = μ + L·ε, ε ~ N(0, I), with the mean and Cholesky factor of the training codes (plain autoencoders).</summary>
    Gaussian,
}
