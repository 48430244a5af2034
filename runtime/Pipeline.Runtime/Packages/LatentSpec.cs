namespace Pipeline.Runtime.Packages;

/// <summary>
/// The latent space: its size, its prior and, for <see cref="LatentPrior.Gaussian"/>, the mean and the row-major
/// lower-triangular Cholesky factor of the covariance of the training codes; for <see cref="LatentPrior.GaussianMixture"/>,
/// the component means (row-major [classes, size]) and the standard deviation σ of every component.
/// </summary>
public sealed record LatentSpec(int Size, LatentPrior Prior, double[]? Mean = null, double[]? ScaleTril = null,
    double[]? ComponentMeans = null, double? ComponentStd = null);
