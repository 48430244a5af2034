using System.Globalization;

namespace Pipeline.Models.Adversarial;

/// <summary>
/// A GAN whose discriminator has won: for <see cref="Patience"/> reports in a row it tells real from generated data
/// almost perfectly (mean D(real) above 1 − <see cref="Margin"/>, mean D(fake) below <see cref="Margin"/>). The minimax
/// generator then gets no gradient and the non-saturating one only noise; training is stopped rather than run on.
/// Reads the discriminator phase's <see cref="AdversarialParts"/> (WGAN critics report none: they cannot saturate).
/// </summary>
public sealed class DiscriminatorCollapse(int patience = 10, double margin = 0.01) : IDivergenceCheck
{
    private int streak;

    public int Patience { get; } = patience > 0 ? patience : throw new ArgumentOutOfRangeException(nameof(patience), patience, "wait at least one report");

    public double Margin { get; } = margin is > 0 and < 0.5 ? margin : throw new ArgumentOutOfRangeException(nameof(margin), margin, "the margin lies in (0, 0.5)");

    public string? Check(TrainingProgress progress)
    {
        double? real = null, fake = null;
        foreach (var (name, value) in progress.Parts)
        {
            if (name == AdversarialParts.RealScore) real = value;
            else if (name == AdversarialParts.FakeScore) fake = value;
        }
        if (real is not double r || fake is not double f) return null;
        streak = r > 1 - Margin && f < Margin ? streak + 1 : 0;
        return streak < Patience ? null : string.Create(CultureInfo.InvariantCulture,
            $"the discriminator has collapsed: for {streak} reports it told real from generated data apart (mean D(real) {r:F4}, D(fake) {f:F4}), so the generator learns nothing");
    }
}
