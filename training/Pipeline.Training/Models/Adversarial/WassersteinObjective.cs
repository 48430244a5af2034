using static TorchSharp.torch;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// The Wasserstein criterion (seed 002, Arjovsky et al. 2017; Gulrajani et al. 2017, Algorithm 1, lines 7 and 12): the
/// critic descends D(x̃) − D(x), so E[D(x)] − E[D(x̃)] estimates W(P_r, P_g) when D is 1-Lipschitz (the
/// <see cref="GradientPenalty"/> asks for that); the generator descends −D(G(z)).
/// </summary>
public sealed class WassersteinObjective : IAdversarialObjective
{
    public Tensor DiscriminatorLoss(Tensor realScores, Tensor fakeScores) => fakeScores.mean() - realScores.mean();

    public Tensor GeneratorLoss(Tensor fakeScores) => -fakeScores.mean();
}
