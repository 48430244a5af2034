using MathNet.Numerics.LinearAlgebra;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// The Fréchet distance between two Gaussians (FID when the features come from the feature network):
/// d² = ‖μ₁ − μ₂‖² + Tr(Σ₁) + Tr(Σ₂) − 2·Tr((Σ₁Σ₂)^½).
/// Tr((Σ₁Σ₂)^½) is computed stably as Σᵢ √λᵢ over the eigenvalues of the symmetric PSD matrix √Σ₁·Σ₂·√Σ₁,
/// which has the same eigenvalues as Σ₁Σ₂; tiny negative eigenvalues from rounding are clipped to 0.
/// </summary>
public static class FrechetDistance
{
    public static double Compute(FeatureStatistics a, FeatureStatistics b)
    {
        if (a.Mean.Count != b.Mean.Count) throw new ArgumentException($"features of {a.Mean.Count} and {b.Mean.Count} dimensions cannot be compared");
        var meanTerm = (a.Mean - b.Mean).DotProduct(a.Mean - b.Mean);
        var traceTerm = a.Covariance.Trace() + b.Covariance.Trace() - 2 * TraceOfSquareRootOfProduct(a.Covariance, b.Covariance);
        return Math.Max(0, meanTerm + traceTerm);
    }

    /// <summary>Tr((Σ₁Σ₂)^½) = Σ √λᵢ(√Σ₁·Σ₂·√Σ₁).</summary>
    public static double TraceOfSquareRootOfProduct(Matrix<double> sigma1, Matrix<double> sigma2)
    {
        var root1 = SymmetricSquareRoot(sigma1);
        var product = root1 * sigma2 * root1;
        product = (product + product.Transpose()) / 2;
        return product.Evd(Symmetricity.Symmetric).EigenValues.Sum(e => Math.Sqrt(Math.Max(0, e.Real)));
    }

    /// <summary>√Σ = V·diag(√max(λ, 0))·Vᵀ for a symmetric positive semi-definite Σ.</summary>
    public static Matrix<double> SymmetricSquareRoot(Matrix<double> sigma)
    {
        var evd = ((sigma + sigma.Transpose()) / 2).Evd(Symmetricity.Symmetric);
        var roots = Matrix<double>.Build.DiagonalOfDiagonalVector(evd.EigenValues.Map(e => Math.Sqrt(Math.Max(0, e.Real))));
        return evd.EigenVectors * roots * evd.EigenVectors.Transpose();
    }
}
