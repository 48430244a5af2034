namespace Pipeline.Models.Adversarial;

/// <summary>The two players' criterion of a GAN.</summary>
public enum AdversarialLoss
{
    /// <summary>
    /// The original minimax game (seed 002, Goodfellow et al. 2014): D ascends log D(x) + log(1 − D(G(z))), G descends
    /// log(1 − D(G(z))), whose gradient vanishes while D rejects the samples.
    /// </summary>
    Minimax,

    /// <summary>The same discriminator; the generator minimizes −log D(G(z)) instead (seed 003), strong gradients early on.</summary>
    NonSaturating,

    /// <summary>
    /// WGAN-GP (seed 002, Gulrajani et al. 2017, Algorithm 1): a critic without sigmoid minimizes D(x̃) − D(x) plus
    /// λ(‖∇D(x̂)‖₂ − 1)² at interpolates x̂; the generator minimizes −D(G(z)).
    /// </summary>
    Wasserstein,
}
