using Pipeline.Randomness;
using TorchSharp.Modules;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Variational;

/// <summary>
/// The terms of the evidence lower bound (Kingma &amp; Welling 2014):
/// log p(x) ≥ ELBO = E_{q(z|x)}[log p(x|z)] − KL(q(z|x) ‖ p(z)), with q(z|x) = N(μ, diag σ²) and p(z) = N(0, I).
/// Every function returns one value per sample, in nats.
/// </summary>
public static class Elbo
{
    /// <summary>
    /// KL(N(μ, diag σ²) ‖ N(0, I)) = −½ Σ_j (1 + log σ²_j − μ²_j − σ²_j) (Kingma &amp; Welling 2014, appendix B).
    /// mean, logVar: [N, Z] → [N].
    /// </summary>
    public static Tensor Kl(Tensor mean, Tensor logVar)
    {
        using var variance = logVar.exp();                       // σ²
        using var meanSquared = mean.square();                   // μ²
        using var inside = 1 + logVar - meanSquared - variance;  // 1 + log σ² − μ² − σ²
        using var sum = inside.sum(1);
        return sum * -0.5;
    }

    /// <summary>
    /// The reparameterization trick z = μ + σ ⊙ ε, σ = exp(½ log σ²), ε ~ N(0, I) (Kingma &amp; Welling 2014, eq. 10):
    /// a sample of q(z|x) that gradients flow through to μ and σ. [N, Z] → [N, Z].
    /// </summary>
    public static Tensor Reparameterize(Tensor mean, Tensor logVar, Generator noise)
    {
        using var std = (logVar * 0.5).exp();
        using var epsilon = Noise.RandnLike(std, noise);
        using var scaled = std * epsilon;
        return mean + scaled;
    }

    /// <summary>
    /// −log p(x | z) summed over the D pixels of each image, from the decoder's logits ℓ (any shape [N, ...], same as x).
    /// Bernoulli: −Σ_k [x_k log σ(ℓ_k) + (1 − x_k) log(1 − σ(ℓ_k))] (BCE with logits, stable);
    /// Gaussian with fixed σ: Σ_k (x_k − σ(ℓ_k))² / (2σ²) + D/2·log(2πσ²).
    /// </summary>
    public static Tensor NegativeLogLikelihood(Tensor logits, Tensor x, Likelihood likelihood, double observationStd)
    {
        switch (likelihood)
        {
            case Likelihood.Bernoulli:
            {
                using var perPixel = F.binary_cross_entropy_with_logits(logits, x, reduction: nn.Reduction.None);
                using var flat = perPixel.flatten(1);
                return flat.sum(1);
            }
            case Likelihood.Gaussian:
            {
                var variance = observationStd * observationStd;
                using var mean = logits.sigmoid();
                using var squared = F.mse_loss(mean, x, nn.Reduction.None);
                using var flat = squared.flatten(1);
                using var sum = flat.sum(1);
                using var scaled = sum / (2 * variance);
                var dimensions = flat.size(1);
                return scaled + 0.5 * dimensions * Math.Log(2 * Math.PI * variance);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(likelihood), likelihood, $"unknown likelihood: use one of {string.Join(", ", Enum.GetNames<Likelihood>())}");
        }
    }

    /// <summary>Checks a likelihood and its observation σ (used by the Gaussian only).</summary>
    public static void ValidateLikelihood(Likelihood likelihood, double observationStd)
    {
        if (!Enum.IsDefined(likelihood))
            throw new ArgumentException($"unknown likelihood {likelihood}: use one of {string.Join(", ", Enum.GetNames<Likelihood>())}");
        if (!(observationStd > 0) || double.IsInfinity(observationStd))
            throw new ArgumentException($"the Gaussian observation σ must be positive and finite, got {observationStd}: pass e.g. --observation-std 0.1");
    }
}
