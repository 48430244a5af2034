namespace Pipeline.Runtime.Packages;

/// <summary>p(x | z) of a VAE package: <see cref="LikelihoodKind.Bernoulli"/>, or Gaussian with standard deviation <see cref="Sigma"/>.</summary>
public sealed record LikelihoodSpec(LikelihoodKind Kind, double Sigma = 0);
