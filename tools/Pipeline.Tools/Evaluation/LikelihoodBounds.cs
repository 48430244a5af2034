namespace Pipeline.Tools.Evaluation;

/// <summary>
/// Test-set likelihood bounds of a VAE, in nats per image: the negative ELBO and the negative importance-weighted
/// bound with K samples (Burda et al. 2016), which is tighter (−IWAE ≤ −ELBO), and the same in bits per dimension.
/// </summary>
public sealed record LikelihoodBounds(int Images, int Samples, string Protocol, double NegativeElbo, double NegativeIwae, int Dimensions)
{
    public double ElboBitsPerDimension => NegativeElbo / (Dimensions * Math.Log(2));

    public double IwaeBitsPerDimension => NegativeIwae / (Dimensions * Math.Log(2));
}
