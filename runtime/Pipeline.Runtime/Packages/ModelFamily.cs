namespace Pipeline.Runtime.Packages;

/// <summary>What kind of generative model a package holds; it decides which sampler the runtime uses.</summary>
public enum ModelFamily
{
    /// <summary>An autoencoder: encoder and decoder; sampling decodes codes drawn from a Gaussian fitted to the training codes.</summary>
    Autoencoder,

    /// <summary>A variational autoencoder: z ~ N(0, I), decoded.</summary>
    Vae,

    /// <summary>A conditional VAE: z ~ N(0, I) and a class, decoded.</summary>
    ConditionalVae,
}
