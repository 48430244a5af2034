using Pipeline.Tests.Support;
using MathNet.Numerics.Distributions;
using NUnit.Framework;
using Pipeline.Runtime.Models;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>Manifold, interpolation, reconstruction errors and the latent prior of exported autoencoders (2-D and 3-D codes).</summary>
public class LatentOperationsTests
{
    private const double Tolerance = 1e-5;

    private TempDirectory fixture = null!;
    private LatentVariableModel planar = null!;
    private LatentVariableModel spatial = null!;

    [OneTimeSetUp]
    public void ExportOnce()
    {
        fixture = new TempDirectory();
        planar = ModelPackage.OpenLatent(SmallPackages.Autoencoder(fixture.File("ae2"), latentSize: 2).Directory);
        spatial = ModelPackage.OpenLatent(SmallPackages.Autoencoder(fixture.File("ae3"), latentSize: 3, seed: 2).Directory);
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        planar.Dispose();
        spatial.Dispose();
        fixture.Dispose();
    }

    [Test]
    public void TheManifoldDecodesThePriorsQuantiles()
    {
        var manifold = planar.Manifold(3);

        Assert.That(manifold.Count, Is.EqualTo(9));
        var latent = planar.Manifest.Latent!;
        var mu = latent.Mean!;
        AssertClose(manifold.Image(4), planar.Decode(mu.Select(m => (float)m).ToArray()).Image(0), "the centre decodes the mean");
        // Top left: the first axis at its lowest quantile, the second (rows go down it) at its highest.
        var e0 = Normal.InvCDF(0, 1, 0.5 / 3);
        var e1 = Normal.InvCDF(0, 1, 1 - 0.5 / 3);
        var l = latent.ScaleTril!;
        var corner = new[] { (float)(mu[0] + l[0] * e0), (float)(mu[1] + l[2] * e0 + l[3] * e1) };
        AssertClose(manifold.Image(0), planar.Decode(corner).Image(0), "the top-left corner");
    }

    [Test]
    public void TheManifoldNeedsATwoDimensionalLatentSpace() =>
        Assert.That(() => spatial.Manifold(3),
            Throws.InvalidOperationException.With.Message.Contains("needs a 2-D latent space").And.Message.Contains("3 dimensions"));

    [Test]
    public void InterpolationStartsAndEndsAtTheReconstructions()
    {
        var from = TestImages.First(1);
        var to = TestImages.First(2).Slice(1, 1);

        var path = planar.Interpolate(from, to, 5);

        Assert.That(path.Count, Is.EqualTo(5));
        var start = planar.Reconstruct(from).Image(0);
        var end = planar.Reconstruct(to).Image(0);
        Assert.That(MaxDifference(start, end), Is.GreaterThan(1e-3), "the endpoints must be told apart");
        AssertClose(path.Image(0), start, "first image");
        AssertClose(path.Image(4), end, "last image");
    }

    [Test]
    public void ReconstructionErrorsAreTheMeanSquaredErrorOfReconstruct()
    {
        var images = TestImages.First(6);

        var errors = planar.ReconstructionErrors(images);

        var reconstructed = planar.Reconstruct(images);
        var expected = Enumerable.Range(0, images.Count).Select(n =>
        {
            var a = images.Image(n).ToArray();
            var b = reconstructed.Image(n).ToArray();
            return a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Average();
        }).ToArray();
        Assert.That(errors, Is.EqualTo(expected).Within(1e-9).AsCollection);
        Assert.That(errors, Has.All.GreaterThan(0));
    }

    [Test]
    public void SampledLatentsFollowTheFittedGaussian()
    {
        const int count = 40_000;
        var latent = spatial.Manifest.Latent!;
        var size = latent.Size;

        var z = spatial.SampleLatents(count, seed: 9);

        var (mean, covariance) = GaussianMoments.Of(z, size);
        var expected = GaussianMoments.LowerTimesTranspose(latent.ScaleTril!, size);
        for (var i = 0; i < size; i++)
        {
            Assert.That(mean[i], Is.EqualTo(latent.Mean![i]).Within(4 * Math.Sqrt(expected[i, i] / count)), $"mean {i}");
            for (var j = 0; j < size; j++)
                Assert.That(covariance[i, j], Is.EqualTo(expected[i, j]).Within(0.05 * Math.Sqrt(expected[i, i] * expected[j, j])), $"covariance {i},{j}");
        }
    }

    private static double MaxDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var worst = 0.0;
        for (var i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return worst;
    }

    private static void AssertClose(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, string what)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), what);
        Assert.That(MaxDifference(actual, expected), Is.LessThanOrEqualTo(Tolerance), what);
    }
}
