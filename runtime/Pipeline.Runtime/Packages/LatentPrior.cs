namespace Pipeline.Runtime.Packages;

/// <summary>The distribution the runtime draws latent codes from.</summary>
public enum LatentPrior
{
    /// <summary>z ~ N(0, I) (VAEs, GANs).</summary>
    StandardNormal,

    /// <summary>z = μ + L·ε, ε ~ N(0, I), with the mean and Cholesky factor of the training codes (plain autoencoders).</summary>
    Gaussian,

    /// <summary>
    /// One Gaussian per class (an adversarial autoencoder's mixture prior): z = μ_c + σ·ε for class c, with the
    /// component means of the latent section; a draw without a class picks the components in turn.
    /// </summary>
    GaussianMixture,
}
