using MathNet.Numerics.LinearAlgebra;
using Pipeline.Data;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// Exact PCA of images (intensities in [0, 1]) from the eigendecomposition of their covariance (MathNet.Numerics, float64):
/// the p leading eigenvectors span the principal subspace; the reconstruction through it, x′ = μ + UUᵀ(x − μ), is the best
/// rank-p linear one. The reference a linear autoencoder is compared with (seed 002, "L'ACP revisitée par les RN").
/// </summary>
public sealed class PrincipalComponents
{
    private PrincipalComponents(Vector<double> mean, Matrix<double> eigenvectors, Vector<double> eigenvalues)
    {
        Mean = mean;
        Eigenvectors = eigenvectors;
        Eigenvalues = eigenvalues;
    }

    /// <summary>μ [n].</summary>
    public Vector<double> Mean { get; }

    /// <summary>The covariance's eigenvectors as columns [n, n], by decreasing eigenvalue.</summary>
    public Matrix<double> Eigenvectors { get; }

    /// <summary>The covariance's eigenvalues, decreasing.</summary>
    public Vector<double> Eigenvalues { get; }

    public static PrincipalComponents Fit(ImageDataset images)
    {
        var n = images.PixelsPerImage;
        var mean = Vector<double>.Build.DenseOfEnumerable(images.MeanImage().Select(v => (double)v));
        // Σ = Σᵢ (xᵢ − μ)(xᵢ − μ)ᵀ / (N − 1), accumulated over chunks of 1,000 images (a 60,000 × 784 matrix would take 376 MB).
        var covariance = Matrix<double>.Build.Dense(n, n);
        for (var start = 0; start < images.Count; start += 1000)
        {
            var rows = Math.Min(1000, images.Count - start);
            var centred = Matrix<double>.Build.Dense(rows, n, (i, j) => images.Image(start + i)[j] / 255.0 - mean[j]);
            covariance += centred.TransposeThisAndMultiply(centred);
        }
        covariance /= images.Count - 1;
        var evd = covariance.Evd(Symmetricity.Symmetric);
        // MathNet orders a symmetric matrix's eigenvalues increasingly: reverse both.
        var order = Enumerable.Range(0, n).Reverse().ToArray();
        var values = Vector<double>.Build.Dense(n, k => evd.EigenValues[order[k]].Real);
        var vectors = Matrix<double>.Build.Dense(n, n, (i, k) => evd.EigenVectors[i, order[k]]);
        return new PrincipalComponents(mean, vectors, values);
    }

    /// <summary>U [n, p]: the p leading eigenvectors.</summary>
    public Matrix<double> Basis(int p) => Eigenvectors.SubMatrix(0, Eigenvectors.RowCount, 0, p);

    /// <summary>The mean squared error per pixel of x′ = μ + UUᵀ(x − μ) over <paramref name="images"/>.</summary>
    public double ReconstructionMse(ImageDataset images, int p) => ProjectionMse(images, Basis(p), Mean);

    /// <summary>The mean squared error per pixel of the orthogonal projection onto span(<paramref name="basis"/>) around <paramref name="mean"/>.</summary>
    public static double ProjectionMse(ImageDataset images, Matrix<double> basis, Vector<double> mean)
    {
        var q = basis.QR().Q.SubMatrix(0, basis.RowCount, 0, basis.ColumnCount);
        double sum = 0;
        var x = Vector<double>.Build.Dense(images.PixelsPerImage);
        for (var i = 0; i < images.Count; i++)
        {
            var image = images.Image(i);
            for (var j = 0; j < x.Count; j++) x[j] = image[j] / 255.0 - mean[j];
            var residual = x - q * q.TransposeThisAndMultiply(x);
            sum += residual.DotProduct(residual);
        }
        return sum / ((double)images.Count * images.PixelsPerImage);
    }

    /// <summary>
    /// The principal angles between span(<paramref name="a"/>) and span(<paramref name="b"/>) (columns), in degrees, increasing:
    /// arccos of the singular values of QₐᵀQ_b (Björck and Golub 1973).
    /// </summary>
    public static double[] PrincipalAngles(Matrix<double> a, Matrix<double> b)
    {
        var qa = a.QR().Q.SubMatrix(0, a.RowCount, 0, a.ColumnCount);
        var qb = b.QR().Q.SubMatrix(0, b.RowCount, 0, b.ColumnCount);
        var singular = qa.TransposeThisAndMultiply(qb).Svd(computeVectors: false).S;
        return singular.Select(s => Math.Acos(Math.Clamp(s, -1, 1)) * 180 / Math.PI).Order().ToArray();
    }
}
