namespace Pipeline.Tools.Tests.Support;

/// <summary>Sample moments of latent codes, and covariances from Cholesky factors, computed plainly in double.</summary>
internal static class GaussianMoments
{
    /// <summary>The sample mean and covariance of <paramref name="z"/>, rows of <paramref name="size"/> values.</summary>
    public static (double[] Mean, double[,] Covariance) Of(float[] z, int size)
    {
        var count = z.Length / size;
        var mean = new double[size];
        for (var n = 0; n < count; n++)
            for (var i = 0; i < size; i++) mean[i] += z[n * size + i] / (double)count;
        var covariance = new double[size, size];
        for (var n = 0; n < count; n++)
            for (var i = 0; i < size; i++)
                for (var j = 0; j < size; j++)
                    covariance[i, j] += (z[n * size + i] - mean[i]) * (z[n * size + j] - mean[j]) / (count - 1);
        return (mean, covariance);
    }

    /// <summary>Σ = L·Lᵀ of a row-major lower-triangular factor.</summary>
    public static double[,] LowerTimesTranspose(double[] tril, int size)
    {
        var product = new double[size, size];
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
                for (var k = 0; k < size; k++) product[i, j] += tril[i * size + k] * tril[j * size + k];
        return product;
    }
}
