using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// The minimax game of seed 002 (Goodfellow et al. 2014, Algorithm 1). With D = σ(s), log σ(s) = −softplus(−s) and
/// log(1 − σ(s)) = −softplus(s), computed without overflow for any score:
/// the discriminator descends −[log D(x) + log(1 − D(G(z)))] = softplus(−s_real) + softplus(s_fake);
/// the generator descends log(1 − D(G(z))) = −softplus(s_fake).
/// </summary>
public sealed class MinimaxObjective : IAdversarialObjective
{
    public Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) => Discriminator(realScores, fakeScores);

    /// <summary>−[log D(x) + log(1 − D(G(z)))] = softplus(−s_real) + softplus(s_fake), the discriminator of both DCGAN losses.</summary>
    internal static Tensor Discriminator(Tensor realScores, Tensor fakeScores) =>
        F.softplus(-realScores).mean() + F.softplus(fakeScores).mean();

    public Tensor GeneratorLoss(Tensor fakeScores) => -F.softplus(fakeScores).mean();
}
