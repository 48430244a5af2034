using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Adversarial;

/// <summary>The names of the discriminator phase's progress parts, shared by the GANs and the adversarial autoencoder.</summary>
public static class AdversarialParts
{
    /// <summary>Mean D = σ(s) on the real side (data for a GAN, prior draws for the AAE).</summary>
    public const string RealScore = "D(real)";

    /// <summary>Mean D on the generated side (G(z) for a GAN, codes E(x) for the AAE).</summary>
    public const string FakeScore = "D(fake)";

    /// <summary>WGAN: the critic's estimate of W(P_r, P_g), mean D(x) − mean D(x̃).</summary>
    public const string Wasserstein = "W";

    /// <summary>WGAN-GP: λ·mean((‖∇D(x̂)‖₂ − 1)²).</summary>
    public const string Penalty = "penalty";

    /// <summary>The parts <see cref="RealScore"/> and <see cref="FakeScore"/>: the mean σ(s) of each side's scores, detached.</summary>
    public static (string, Tensor)[] Scores(Tensor realScores, Tensor fakeScores) =>
        [(RealScore, realScores.sigmoid().mean().detach()), (FakeScore, fakeScores.sigmoid().mean().detach())];
}
