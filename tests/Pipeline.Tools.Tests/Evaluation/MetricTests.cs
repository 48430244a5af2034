using MathNet.Numerics.LinearAlgebra;
using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Runtime.Randomness;
using Pipeline.Tools.Evaluation;

namespace Pipeline.Tools.Tests.Evaluation;

public class MetricTests
{
    private static float[] Gaussian(int count, int dimension, double mean, double std, ulong seed)
    {
        var random = new SeededRandom(seed);
        return Enumerable.Range(0, count * dimension).Select(_ => (float)(mean + std * random.NextNormal())).ToArray();
    }

    [Test]
    public void FidOfASetAgainstItselfIsZero()
    {
        var features = Gaussian(500, 8, 0, 1, 1);
        var statistics = FeatureStatistics.Fit(features, 8);
        Assert.That(FrechetDistance.Compute(statistics, statistics), Is.EqualTo(0).Within(1e-9));
    }

    [Test]
    public void FidOfKnownGaussiansMatchesTheClosedForm()
    {
        // N(0, I) against N(m, s²I) in d dimensions: d(m² + 1 + s² − 2s)
        const int d = 4;
        var a = FeatureStatistics.Fit(Gaussian(40_000, d, 0, 1, 2), d);
        var b = FeatureStatistics.Fit(Gaussian(40_000, d, 0.5, 2, 3), d);
        Assert.That(FrechetDistance.Compute(a, b), Is.EqualTo(d * (0.25 + 1 + 4 - 4)).Within(0.1));
    }

    [Test]
    public void MatrixSquareRootMatchesADirectComputation()
    {
        var m = Matrix<double>.Build.DenseOfArray(new double[,] { { 4, 1, 0.5 }, { 1, 3, 0.2 }, { 0.5, 0.2, 2 } });
        var root = FrechetDistance.SymmetricSquareRoot(m);
        Assert.That((root * root - m).FrobeniusNorm(), Is.LessThan(1e-10));
        var other = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0.3, 0 }, { 0.3, 2, 0.1 }, { 0, 0.1, 0.5 } });
        // Tr((Σ₁Σ₂)^½) directly: the eigenvalues of the (non-symmetric) product are real and positive.
        var direct = (m * other).Evd().EigenValues.Sum(e => Math.Sqrt(e.Real));
        Assert.That(FrechetDistance.TraceOfSquareRootOfProduct(m, other), Is.EqualTo(direct).Within(1e-10));
    }

    [Test]
    public void PrecisionAndRecallOfIdenticalSetsAreOne()
    {
        var features = Gaussian(300, 5, 0, 1, 4);
        var (precision, recall) = PrecisionRecall.Compute(features, features, 5);
        Assert.That((precision, recall), Is.EqualTo((1.0, 1.0)));
    }

    [Test]
    public void PrecisionAndRecallSeparateFidelityFromCoverage()
    {
        // Generated points packed at the centre of the real cloud: high precision, low recall.
        var real = Gaussian(1000, 2, 0, 1, 5);
        var collapsed = Gaussian(1000, 2, 0, 0.05, 6);
        var (precision, recall) = PrecisionRecall.Compute(real, collapsed, 2);
        Assert.That(precision, Is.GreaterThan(0.95));
        Assert.That(recall, Is.LessThan(0.2));
    }

    [Test]
    public void KidIsNearZeroForOneDistributionAndPositiveForTwo()
    {
        var a = Gaussian(2000, 6, 0, 1, 7);
        var b = Gaussian(2000, 6, 0, 1, 8);
        var c = Gaussian(2000, 6, 1, 1, 9);
        var (same, _) = KernelDistance.Compute(a, b, 6, subsets: 10, subsetSize: 500);
        var (different, _) = KernelDistance.Compute(a, c, 6, subsets: 10, subsetSize: 500);
        Assert.That(Math.Abs(same), Is.LessThan(0.01));
        Assert.That(different, Is.GreaterThan(0.1));
    }

    [Test]
    public void KidOfSetsNoLargerThanASubsetStillHasASpread()
    {
        // Subsets of 1,000 from sets of 1,000 would all be the whole sets: the same value 100 times, a spread of 0.
        var a = Gaussian(1000, 6, 0, 1, 7);
        var c = Gaussian(1000, 6, 0.3, 1, 9);
        var (mean, spread) = KernelDistance.Compute(a, c, 6, subsets: 20);
        Assert.That(spread, Is.GreaterThan(mean * 0.01).And.LessThan(mean), "half-set subsets differ from one another");
        Assert.That(() => KernelDistance.Compute(a[..18], c, 6), Throws.ArgumentException.With.Message.Contains("at least four"));
    }

    [Test]
    public void FidAndKidOrderTheCalibrationSetsAlike()
    {
        // Features: 7×7 average-pooled pixels. Train < per-pixel Gaussians < uniform noise for both metrics.
        var train = FashionMnist.Load(FashionMnistSplit.Train);
        var test = FashionMnist.Load(FashionMnistSplit.Test);
        float[] Features(Pipeline.Runtime.Models.ImageBatch images)
        {
            var f = new float[images.Count * 49];
            for (var n = 0; n < images.Count; n++)
                for (var y = 0; y < 28; y++)
                    for (var x = 0; x < 28; x++)
                        f[n * 49 + y / 4 * 7 + x / 4] += images.Pixels[n * 784 + y * 28 + x] / 16;
            return f;
        }
        var real = Features(Pipeline.Tools.Commands.DatasetImages.From(test, 1000));
        var realStatistics = FeatureStatistics.Fit(real, 49);
        var scores = CalibrationSets.Create(train, 1000, seed: 1).Select(set =>
        {
            var f = Features(set.Images);
            return (set.Name, Fid: FrechetDistance.Compute(realStatistics, FeatureStatistics.Fit(f, 49)),
                Kid: KernelDistance.Compute(real, f, 49, subsets: 10, subsetSize: 500).Mean);
        }).ToList();
        Assert.That(scores.Select(s => s.Fid), Is.Ordered.Ascending, string.Join("; ", scores));
        Assert.That(scores.Select(s => s.Kid), Is.Ordered.Ascending, string.Join("; ", scores));
    }
}
