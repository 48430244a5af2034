using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Models.Autoencoders;
using Pipeline.Tools.Evaluation;
using TorchSharp;

namespace Pipeline.Tools.Tests.Evaluation;

/// <summary>Exact PCA, principal angles, and PCA as a linear autoencoder trained by gradient descent (seed 002).</summary>
public sealed class PrincipalComponentsTests
{
    [Test]
    public void PrincipalAnglesAreThoseOfHandMadeSubspaces()
    {
        var e1 = Matrix<double>.Build.DenseOfColumnArrays([1.0, 0, 0]);
        var diagonal = Matrix<double>.Build.DenseOfColumnArrays([1.0, 1, 0]);
        Assert.That(PrincipalComponents.PrincipalAngles(e1, diagonal), Is.EqualTo(new[] { 45.0 }).Within(1e-9));
        var plane = Matrix<double>.Build.DenseOfColumnArrays([1.0, 0, 0], [0, 1.0, 0]);
        var sameplane = Matrix<double>.Build.DenseOfColumnArrays([2.0, 3, 0], [-1.0, 5, 0]);
        Assert.That(PrincipalComponents.PrincipalAngles(plane, sameplane), Is.EqualTo(new[] { 0.0, 0.0 }).Within(1e-6), "another basis of the same plane");
        var tilted = Matrix<double>.Build.DenseOfColumnArrays([1.0, 0, 0], [0, 1.0, 1.0]);
        Assert.That(PrincipalComponents.PrincipalAngles(plane, tilted), Is.EqualTo(new[] { 0.0, 45.0 }).Within(1e-6));
    }

    [Test]
    public void PcaFindsTheDirectionsImagesWereBuiltFrom()
    {
        // 3×3 images: 128 + 60·a·u + 20·b·v (+ small noise), with u and v orthogonal: the covariance's leading eigenvectors are u and v.
        double[] u = [1, 1, 1, 0, 0, 0, -1, -1, -1], v = [1, 0, -1, 1, 0, -1, 1, 0, -1];
        var random = new Random(3);
        var pixels = new byte[2000 * 9];
        for (var n = 0; n < 2000; n++)
        {
            var (a, b) = (random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1);
            for (var j = 0; j < 9; j++) pixels[n * 9 + j] = (byte)Math.Round(128 + 60 * a * u[j] / Math.Sqrt(6) + 20 * b * v[j] / Math.Sqrt(6) + random.NextDouble() - 0.5);
        }
        var images = new ImageDataset("built", pixels, new byte[2000], 3, 3, ["only"]);
        var pca = PrincipalComponents.Fit(images);
        Assert.That(pca.Eigenvalues[0], Is.GreaterThan(pca.Eigenvalues[1]).And.GreaterThan(5 * pca.Eigenvalues[2]));
        Assert.That(PrincipalComponents.PrincipalAngles(pca.Basis(1), Matrix<double>.Build.DenseOfColumnArrays(u)), Has.All.LessThan(1.0));
        Assert.That(PrincipalComponents.PrincipalAngles(pca.Basis(2), Matrix<double>.Build.DenseOfColumnArrays(u, v)), Has.All.LessThan(1.0));
        Assert.That(pca.ReconstructionMse(images, 2), Is.LessThan(pca.ReconstructionMse(images, 1)));
    }

    [Test]
    public void ALinearAutoencoderTrainedByGradientDescentLearnsThePrincipalSubspace()
    {
        // p = 2: these 500 images' covariance has eigenvalues 19.5, 12.3, 3.96, 3.75, …, a wide gap after the second (a gap
        // as narrow as the third's, 3.96 against 3.75, leaves the third direction slow to settle).
        var train = Support.TrainingImages.FirstFiveHundred();
        torch.random.manual_seed(1);
        using var model = new LinearAutoencoder(new LinearAutoencoderConfig { LatentSize = 2 });
        model.SetMean(train);
        new ModelTrainer<LinearAutoencoder>(model, new TrainingOptions { Epochs = 300, BatchSize = 500, LearningRate = 1e-2 }).Train(train);

        var comparison = LinearAutoencoderComparison.Compute(model, train, train);
        TestContext.Out.WriteLine($"angles {string.Join(", ", comparison.Angles.Select(a => a.ToString("F3")))}°; MSE {comparison.AutoencoderTestMse:F6} vs PCA {comparison.PcaTestMse:F6}");
        Assert.That(comparison.Angles, Has.All.LessThan(0.1), "the same subspace, to 0.1° (0.011° and 0.018° measured)");
        Assert.That(comparison.MseRatio, Is.EqualTo(1).Within(0.001), "and the same reconstruction error, to 0.1%");
    }
}
