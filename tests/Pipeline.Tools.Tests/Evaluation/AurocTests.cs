using NUnit.Framework;
using Pipeline.Tools.Evaluation;

namespace Pipeline.Tools.Tests.Evaluation;

public class AurocTests
{
    [Test]
    public void PerfectSeparationIsOne() =>
        Assert.That(Auroc.Compute(new[] { 0.7, 0.9, 0.8 }, new[] { 0.1, 0.3, 0.2, 0.6 }), Is.EqualTo(1.0));

    [Test]
    public void ReversedSeparationIsZero() =>
        Assert.That(Auroc.Compute(new[] { 0.1, 0.3, 0.2 }, new[] { 0.7, 0.9, 0.8, 0.6 }), Is.EqualTo(0.0));

    [Test]
    public void AllTiesIsOneHalf() =>
        Assert.That(Auroc.Compute(new[] { 0.5, 0.5, 0.5 }, new[] { 0.5, 0.5 }), Is.EqualTo(0.5));

    [Test]
    public void ASmallCaseWithTies()
    {
        // Pairs won by each positive (a tie counts one half): 0.3 beats 0.2 → 1; 0.4 beats 0.2 and ties 0.4 → 1.5;
        // 0.8 beats all three → 3. (1 + 1.5 + 3) / (3 · 3) = 5.5 / 9.
        var auroc = Auroc.Compute(new[] { 0.8, 0.3, 0.4 }, new[] { 0.4, 0.5, 0.2 });

        Assert.That(auroc, Is.EqualTo(5.5 / 9).Within(1e-12));
    }

    [Test]
    public void ItIsTheFractionOfPairsThePositiveWins()
    {
        var random = new Random(3);
        var positives = Enumerable.Range(0, 40).Select(_ => Math.Round(random.NextDouble() + 0.3, 1)).ToArray();
        var negatives = Enumerable.Range(0, 30).Select(_ => Math.Round(random.NextDouble(), 1)).ToArray();
        var wins = positives.Sum(p => negatives.Sum(n => p > n ? 1.0 : p == n ? 0.5 : 0.0));

        Assert.That(Auroc.Compute(positives, negatives), Is.EqualTo(wins / (positives.Length * negatives.Length)).Within(1e-12));
    }

    [Test]
    public void AnEmptySideIsRefused()
    {
        Assert.That(() => Auroc.Compute(Array.Empty<double>(), new[] { 0.5 }), Throws.ArgumentException.With.Message.Contains("at least one positive"));
        Assert.That(() => Auroc.Compute(new[] { 0.5 }, Array.Empty<double>()), Throws.ArgumentException.With.Message.Contains("one negative"));
    }
}
