using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Runtime.Packages;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Export;

/// <summary>
/// The Gaussian a plain autoencoder's codes follow on the training set: mean μ and the Cholesky factor L
/// of the covariance Σ = L·Lᵀ, so that the runtime can draw z = μ + L·ε.
/// </summary>
public static class LatentGaussian
{
    public static LatentSpec Fit(ExportableNetwork encoder, ImageDataset images, int latentSize)
    {
        var all = EncoderCodes.Of(encoder, images);
        var count = all.Length / latentSize;
        var mean = new double[latentSize];
        for (var n = 0; n < count; n++)
            for (var i = 0; i < latentSize; i++) mean[i] += all[n * latentSize + i];
        for (var i = 0; i < latentSize; i++) mean[i] /= count;
        var covariance = new double[latentSize, latentSize];
        for (var n = 0; n < count; n++)
            for (var i = 0; i < latentSize; i++)
                for (var j = 0; j <= i; j++)
                    covariance[i, j] += (all[n * latentSize + i] - mean[i]) * (all[n * latentSize + j] - mean[j]);
        for (var i = 0; i < latentSize; i++)
            for (var j = 0; j <= i; j++) covariance[j, i] = covariance[i, j] /= count - 1;
        var cholesky = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(covariance).Cholesky().Factor;
        var tril = new double[latentSize * latentSize];
        for (var i = 0; i < latentSize; i++)
            for (var j = 0; j <= i; j++) tril[i * latentSize + j] = cholesky[i, j];
        return new LatentSpec(latentSize, LatentPrior.Gaussian, mean, tril);
    }
}
