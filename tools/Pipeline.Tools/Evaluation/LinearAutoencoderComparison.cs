using MathNet.Numerics.LinearAlgebra;
using Pipeline.Data;
using Pipeline.Models.Autoencoders;
using static TorchSharp.torch;

namespace Pipeline.Tools.Evaluation;

/// <summary>A trained linear autoencoder beside exact PCA: the angles between their subspaces and their test reconstruction errors.</summary>
public sealed record LinearAutoencoderComparison(double[] Angles, double PcaTestMse, double AutoencoderTestMse)
{
    /// <summary>The autoencoder's test MSE over PCA's (1 at the optimum).</summary>
    public double MseRatio => AutoencoderTestMse / PcaTestMse;

    public static LinearAutoencoderComparison Compute(LinearAutoencoder model, ImageDataset train, ImageDataset test)
    {
        var pca = PrincipalComponents.Fit(train);
        var p = model.LatentSize;
        double[,] weights;
        using (no_grad()) weights = Matrix(model.W2Transposed);
        var learned = Matrix<double>.Build.DenseOfArray(weights);
        var angles = PrincipalComponents.PrincipalAngles(learned, pca.Basis(p));
        var autoencoderMse = ReconstructionError.Evaluate(model, test, model.W1.device);
        return new LinearAutoencoderComparison(angles, pca.ReconstructionMse(test, p), autoencoderMse);
    }

    private static double[,] Matrix(Tensor t)
    {
        var values = t.detach().cpu().to(float64).contiguous().data<double>().ToArray();
        var (rows, columns) = ((int)t.shape[0], (int)t.shape[1]);
        var matrix = new double[rows, columns];
        for (var i = 0; i < rows; i++)
            for (var j = 0; j < columns; j++) matrix[i, j] = values[i * columns + j];
        return matrix;
    }
}
