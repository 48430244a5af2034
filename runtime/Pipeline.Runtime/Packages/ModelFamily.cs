namespace Pipeline.Runtime.Packages;

/// <summary>What kind of model a package holds; it decides which sampler (or classifier) the runtime uses.</summary>
public enum ModelFamily
{
    /// <summary>An autoencoder: encoder and decoder; sampling decodes codes drawn from a Gaussian fitted to the training codes.</summary>
    Autoencoder,

    /// <summary>A variational autoencoder: z ~ N(0, I), decoded.</summary>
    Vae,

    /// <summary>A conditional VAE: z ~ N(0, I) and a class, decoded.</summary>
    ConditionalVae,

    /// <summary>
    /// A denoising diffusion model on pixels (manifest "diffusion"): a "denoiser" network ε̂(x_t, t [, class]) and
    /// a <see cref="DiffusionSpec"/>; the runtime runs the reverse process (DDPM or DDIM) in C#.
    /// </summary>
    Diffusion,

    /// <summary>
    /// A latent diffusion model (manifest "latent_diffusion"): a "denoiser" on latent codes [Z] and an autoencoder's
    /// "decoder"; the runtime samples codes by reverse diffusion, then decodes z / latent_scale.
    /// </summary>
    LatentDiffusion,

    /// <summary>
    /// An image classifier (manifest "classifier"): a "classifier" network image → logits and features. Not generative:
    /// the evaluation uses its features for FID, KID and precision/recall and its predictions for class accuracy.
    /// </summary>
    Classifier,

    /// <summary>
    /// An autoregressive model (manifest "autoregressive": FVSBN, NADE, MADE, PixelCNN): a "logits" network and optionally
    /// a "step" network (see <see cref="AutoregressiveSpec"/>); the runtime draws the positions one by one in C#.
    /// </summary>
    Autoregressive,

    /// <summary>
    /// A VQ-VAE with an autoregressive prior over its codes (manifest "vector_quantizer" and "autoregressive"): the
    /// runtime draws a grid of codes with the autoregressive loop, looks them up in the codebook and runs the "decoder".
    /// </summary>
    VectorQuantized,

    /// <summary>
    /// A normalizing flow (manifest "flow": RealNVP): one "coupling&lt;k&gt;" conditioner network per affine coupling and every
    /// other step of the path x → z as constants (see <see cref="FlowSpec"/>); the runtime inverts the flow in C# to sample
    /// and runs it forwards for the exact log p(x).
    /// </summary>
    Flow,

    /// <summary>
    /// A GAN's generator or an adversarial autoencoder's decoder (manifest "adversarial"): a "generator" network latent
    /// [, one-hot label] → image, and the AAE's "encoder"; the runtime draws z from the latent section's prior in C#
    /// (with truncation, or one mixture component per class) and runs the generator.
    /// </summary>
    Adversarial,
}
