namespace Pipeline.Models.Variational;

/// <summary>
/// The test-set negative ELBO of a VAE in nats per image (a single-sample estimate), its two terms, and
/// the same in bits per dimension: −ELBO / (D·ln 2), D = pixels per image.
/// </summary>
public sealed record ElboReport(Likelihood Likelihood, double NegativeElbo, double ReconstructionNll, double Kl, int Dimensions)
{
    public double BitsPerDimension => NegativeElbo / (Dimensions * Math.Log(2));
}
