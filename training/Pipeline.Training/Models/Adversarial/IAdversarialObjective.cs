using static TorchSharp.torch;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// A GAN criterion on the discriminator's raw scores s (logits, D = σ(s); the critic's values for WGAN), one per item [N]:
/// the losses each player minimizes, averaged over the batch.
/// </summary>
public interface IAdversarialObjective
{
    /// <summary>The discriminator's (critic's) loss on the scores of real data and of generated samples.</summary>
    Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores);

    /// <summary>The generator's loss on the scores of its samples.</summary>
    Tensor GeneratorLoss(Tensor fakeScores);

    /// <summary>The objective of a <see cref="AdversarialLoss"/>.</summary>
    static IAdversarialObjective For(AdversarialLoss loss) => loss switch
    {
        AdversarialLoss.Minimax => new MinimaxObjective(),
        AdversarialLoss.NonSaturating => new NonSaturatingObjective(),
        AdversarialLoss.Wasserstein => new WassersteinObjective(),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), loss, $"unknown adversarial loss: use one of {string.Join(", ", Enum.GetNames<AdversarialLoss>())}"),
    };
}
