using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Commands;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Export;

/// <summary>The Gaussian an autoencoder package samples from is the one its training codes follow.</summary>
public class LatentGaussianTests
{
    [TestCase(2)]
    [TestCase(3)]
    public void TheManifestHoldsTheMeanAndCholeskyFactorOfTheTrainingCodes(int latentSize)
    {
        using var directory = new TempDirectory();
        var result = SmallPackages.Autoencoder(directory.File("ae"), latentSize);
        using var model = ModelPackage.OpenLatent(result.Directory);

        var codes = model.Encode(DatasetImages.From(TrainingImages.FirstFiveHundred(), 500));

        var (mean, covariance) = GaussianMoments.Of(codes, latentSize);
        var latent = result.Manifest.Latent!;
        Assert.That(latent.Prior, Is.EqualTo(LatentPrior.Gaussian));
        for (var i = 0; i < latentSize; i++)
            Assert.That(latent.Mean![i], Is.EqualTo(mean[i]).Within(1e-3 * Math.Sqrt(covariance[i, i])), $"mean {i}");
        var fitted = GaussianMoments.LowerTimesTranspose(latent.ScaleTril!, latentSize);
        for (var i = 0; i < latentSize; i++)
            for (var j = 0; j < latentSize; j++)
            {
                Assert.That(fitted[i, j], Is.EqualTo(covariance[i, j]).Within(1e-3 * Math.Sqrt(covariance[i, i] * covariance[j, j])), $"covariance {i},{j}");
                if (j > i) Assert.That(latent.ScaleTril![i * latentSize + j], Is.Zero, "the factor is lower-triangular");
            }
    }
}
