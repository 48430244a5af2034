using NUnit.Framework;
using Pipeline.Tools.Evaluation;

namespace Pipeline.Tools.Tests.Evaluation;

/// <summary>Spearman's ρ, mutual information and Adel et al.'s interpretability on series whose answers are known.</summary>
public sealed class AttributeMetricsTests
{
    [Test]
    public void SpearmanSeesOnlyTheOrder()
    {
        double[] x = [1, 2, 3, 4, 5, 6];
        Assert.That(AttributeMetrics.Spearman(x, x.Select(v => Math.Exp(v)).ToArray()), Is.EqualTo(1).Within(1e-12), "any increasing map");
        Assert.That(AttributeMetrics.Spearman(x, x.Select(v => -v * v).ToArray()), Is.EqualTo(-1).Within(1e-12));
        // ties share their mean rank: ranks (0, 1.5, 1.5, 3) against (0, 1, 2, 3)
        Assert.That(AttributeMetrics.Spearman([1, 2, 2, 3], [1, 2, 3, 4]), Is.EqualTo(AttributeMetrics.Pearson([0, 1.5, 1.5, 3], [0, 1, 2, 3])).Within(1e-12));
        Assert.That(AttributeMetrics.Pearson([1, 1, 1], [1, 2, 3]), Is.EqualTo(0), "a constant has no correlation");
    }

    [Test]
    public void MutualInformationIsTheEntropyOfACopyAndNothingBetweenIndependentSeries()
    {
        var random = new Random(1);
        var x = Enumerable.Range(0, 20000).Select(_ => random.NextDouble()).ToArray();
        var independent = Enumerable.Range(0, 20000).Select(_ => random.NextDouble()).ToArray();
        Assert.That(AttributeMetrics.MutualInformation(x, x), Is.EqualTo(Math.Log(20)).Within(0.01), "20 equally filled bins");
        Assert.That(AttributeMetrics.MutualInformation(x, independent), Is.LessThan(0.02));
    }

    [Test]
    public void InterpretabilityFindsTheDimensionThatCarriesEachAttribute()
    {
        var random = new Random(2);
        const int n = 3000, size = 3;
        var codes = new float[n * size];
        var (first, second) = (new double[n], new double[n]);
        for (var i = 0; i < n; i++)
        {
            for (var d = 0; d < size; d++) codes[i * size + d] = (float)(random.NextDouble() * 2 - 1);
            first[i] = 3 * codes[i * size + 2] + 1;                                   // exactly linear in dimension 2
            second[i] = Math.Pow(codes[i * size + 0], 3) + 0.05 * random.NextDouble();  // monotone but bent, in dimension 0
        }
        var scores = AttributeMetrics.Interpretability(codes, size, [first, second]);
        Assert.That(scores[0].Dimension, Is.EqualTo(2));
        Assert.That(scores[0].RSquared, Is.EqualTo(1).Within(1e-9));
        Assert.That(scores[1].Dimension, Is.EqualTo(0));
        Assert.That(scores[1].RSquared, Is.InRange(0.7, 0.95), "a line explains a cube only in part");
    }
}
