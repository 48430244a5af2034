namespace Pipeline.Models.Adversarial;

/// <summary>
/// How a class-conditional GAN's discriminator uses the class. Both take the same network, whose 1 + K outputs are the
/// score s₀ and one more value per class, and a generator that takes the one-hot class beside z.
/// </summary>
public enum GanConditioning
{
    /// <summary>
    /// The projection discriminator (Miyato and Koyama 2018): D(x, y) = σ(s₀ + s_y), where s_y = ⟨e_y, φ(x)⟩ (+ a bias) is
    /// the class embedding projected on the features; the class enters the realness score itself.
    /// </summary>
    Projection,

    /// <summary>
    /// AC-GAN (Odena et al. 2017, the seed's figure): D(x) = σ(s₀) and class logits s₁..s_K; both players add the class
    /// cross-entropy of real and generated images. Measured here: sharp, well classified, but little variety within a class.
    /// </summary>
    AuxiliaryClassifier,
}
