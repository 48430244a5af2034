namespace Pipeline.Export;

/// <summary>
/// The package family a model exports as (the runtime's ModelFamily has the same members; the runtime
/// does not reference the training side, so the two are mapped by name).
/// </summary>
public enum ExportFamily
{
    Autoencoder,
    Vae,
    ConditionalVae,
    Diffusion,
    LatentDiffusion,
    Classifier,
    Autoregressive,
    VectorQuantized,
    Flow,
    Adversarial,
}
