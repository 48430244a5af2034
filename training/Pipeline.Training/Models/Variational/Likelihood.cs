namespace Pipeline.Models.Variational;

/// <summary>The decoder's observation model p(x | z); the decoder network outputs logits ℓ either way.</summary>
public enum Likelihood
{
    /// <summary>
    /// Independent Bernoulli pixels with p = sigmoid(ℓ), for binary x: −log p(x|z) = BCE-with-logits(ℓ, x)
    /// summed over pixels. Trained on dynamically binarized images.
    /// </summary>
    Bernoulli,

    /// <summary>
    /// A Gaussian of fixed variance around the mean x̂ = sigmoid(ℓ) ∈ [0, 1]:
    /// −log N(x; x̂, σ²I) = ‖x − x̂‖² / (2σ²) + D/2·log(2πσ²). Trained on [0, 1] pixels.
    /// </summary>
    Gaussian,
}
