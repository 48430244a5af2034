using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// The non-saturating GAN (seed 003): the discriminator of the minimax game, softplus(−s_real) + softplus(s_fake), and a
/// generator that descends −log D(G(z)) = softplus(−s_fake), whose gradient is large exactly when D rejects the samples.
/// </summary>
public sealed class NonSaturatingObjective : IAdversarialObjective
{
    public Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) => MinimaxObjective.Discriminator(realScores, fakeScores);

    public Tensor GeneratorLoss(Tensor fakeScores) => F.softplus(-fakeScores).mean();
}
