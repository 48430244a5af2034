using MathNet.Numerics.LinearAlgebra;

namespace Pipeline.Tools.Evaluation;

/// <summary>The Gaussian fitted to a set of feature vectors: mean μ and unbiased covariance Σ, in float64.</summary>
public sealed class FeatureStatistics
{
    private FeatureStatistics(Vector<double> mean, Matrix<double> covariance, int count)
    {
        Mean = mean;
        Covariance = covariance;
        Count = count;
    }

    public Vector<double> Mean { get; }

    public Matrix<double> Covariance { get; }

    public int Count { get; }

    /// <summary>Fits μ and Σ to <paramref name="features"/> [count, dimension], row-major.</summary>
    public static FeatureStatistics Fit(float[] features, int dimension)
    {
        if (dimension <= 0 || features.Length % dimension != 0)
            throw new ArgumentException($"{features.Length} values are not rows of {dimension} features");
        var count = features.Length / dimension;
        if (count < 2) throw new ArgumentException("a covariance needs at least two feature vectors");
        var x = Matrix<double>.Build.Dense(count, dimension, (i, j) => features[i * dimension + j]);
        var mean = x.ColumnSums() / count;
        var centered = x - Matrix<double>.Build.Dense(count, dimension, (_, j) => mean[j]);
        var covariance = centered.TransposeThisAndMultiply(centered) / (count - 1);
        return new FeatureStatistics(mean, covariance, count);
    }
}
