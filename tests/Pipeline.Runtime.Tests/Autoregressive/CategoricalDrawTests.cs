using System.Reflection;
using NUnit.Framework;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;
using Pipeline.Runtime.Tests.Randomness;

namespace Pipeline.Runtime.Tests.Autoregressive;

/// <summary>
/// The batch draw against its definition, one element at a time (softmax at T by inversion of the cumulative weights,
/// column by column, log p under the model): the same draws, probabilities and log-probabilities bit for bit, so the
/// vector parts change no image; and the draws' frequencies against the softmax itself.
/// </summary>
public class CategoricalDrawTests
{
    private static IEnumerable<TestCaseData> Shapes() =>
    [
        new TestCaseData(64, 2, 1.0),
        new TestCaseData(3, 2, 0.7),
        new TestCaseData(5, 3, 1.0),
        new TestCaseData(7, 17, 1.0),
        new TestCaseData(4, 17, 1.3),
        new TestCaseData(16, 128, 1.0),
        new TestCaseData(16, 256, 1.0),
        new TestCaseData(8, 256, 0.6),
        // Blocks of eight items: a short block after full ones, at T = 1 and T ≠ 1, and the shipped batch shape.
        new TestCaseData(13, 256, 0.6),
        new TestCaseData(20, 17, 1.3),
        new TestCaseData(9, 2, 0.7),
        new TestCaseData(64, 256, 1.0),
    ];

    [TestCaseSource(nameof(Shapes))]
    public void DrawsAreThoseOfTheElementByElementDefinition(int batch, int categories, double temperature)
    {
        var random = new SeededRandom((ulong)(batch * 1000 + categories));
        for (var trial = 0; trial < 20; trial++)
        {
            var logits = Enumerable.Range(0, batch * categories).Select(_ => (float)((random.NextDouble() - 0.5) * (trial % 4 == 0 ? 60 : 8))).ToArray();
            if (trial == 1) Array.Fill(logits, 0.25f);                         // ties everywhere
            if (trial == 2) for (var i = 0; i < logits.Length; i += 3) logits[i] = -0f;
            if (trial == 3) for (var i = 0; i < logits.Length; i++) logits[i] = i % 5 == 0 ? 0f : -Math.Abs(logits[i]);   // largest logit 0
            if (trial == 4) for (var i = 0; i < logits.Length; i += 7) logits[i] = float.NegativeInfinity;
            if (trial == 5) for (var n = 0; n < batch; n++) logits[n * categories] -= 100 + 20 * (n % 5);     // weights past the largest float: again from the largest logit
            if (trial == 6) for (var n = 0; n < batch; n += 2) logits[n * categories] = float.NegativeInfinity;   // a first logit of −∞
            var uniforms = Enumerable.Range(0, batch).Select(n => n == 0 ? 0 : n == 1 ? Math.BitDecrement(1.0) : random.NextDouble()).ToArray();
            AssertSameAsReference(logits, uniforms, batch, categories, temperature);
        }
    }

    /// <summary>A NaN or ∞, in whole blocks of 16 (the sums in registers) and not.</summary>
    [TestCase(float.NaN, 40, 13)]
    [TestCase(float.NaN, 256, 13)]
    [TestCase(float.NaN, 256, 255)]
    [TestCase(float.PositiveInfinity, 40, 13)]
    [TestCase(float.PositiveInfinity, 256, 100)]
    [TestCase(float.NaN, 256, 0)]
    [TestCase(float.PositiveInfinity, 2, 1)]
    public void LogitsThatAreNotFiniteAreRefusedByName(float broken, int categories, int at)
    {
        var logits = Enumerable.Range(0, 2 * categories).Select(i => (float)Math.Sin(i)).ToArray();
        logits[categories + at] = broken;
        var draw = new CategoricalDraw(2, categories, 1.0);
        Assert.That(() => draw.Draw(logits, [0.3, 0.6], new float[2 * categories], new int[2], new double[2]),
            Throws.TypeOf<PackageException>().With.Message.Contains("item 1 at position 0 logits that are not all finite").And.Message.Contains("Export the package again"));
        // Named in the request: the batch's items 64 and on, at position 17.
        draw.Where = (64, 17);
        Assert.That(() => draw.Draw(logits, [0.3, 0.6], new float[2 * categories], new int[2], new double[2]),
            Throws.TypeOf<PackageException>().With.Message.Contains("item 65 at position 17 logits"));
    }

    [TestCase(40, 1.0, 3f)]
    [TestCase(300, 1.0, 3f)]
    [TestCase(300, 0.6, 3f)]
    [TestCase(40, 1.0, -120f)]
    [TestCase(2, 1.0, 2f)]
    public void DrawsFollowTheSoftmax(int categories, double temperature, float firstLogit)
    {
        // One item's logits, drawn 40,000 times: each category's count against its probability under softmax(logits / T)
        // in double, within 4.5 standard deviations (and categories of weight below 1e-12 never drawn). A first logit far
        // below the others overflows the weights it shifts, and the item is drawn from its largest logit.
        const int draws = 40_000;
        var random = new SeededRandom((ulong)categories);
        var logits = Enumerable.Range(0, categories).Select(k => k % 11 == 5 ? -60f : (float)(random.NextDouble() * 6)).ToArray();
        logits[0] = firstLogit;
        var max = logits.Max();
        var weights = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        var probabilities = weights.Select(w => w / weights.Sum()).ToArray();
        const int batch = 500;
        var (counts, batchLogits) = (new int[categories], Enumerable.Repeat(logits, batch).SelectMany(row => row).ToArray());
        var draw = new CategoricalDraw(batch, categories, temperature);
        var (weightsOut, drawn, logProbabilities) = (new float[batch * categories], new int[batch], new double[batch]);
        for (var round = 0; round < draws / batch; round++)
        {
            draw.Draw(batchLogits, Enumerable.Range(0, batch).Select(_ => random.NextDouble()).ToArray(), weightsOut, drawn, logProbabilities);
            foreach (var k in drawn) counts[k]++;
        }
        for (var k = 0; k < categories; k++)
        {
            var (expected, deviation) = (draws * probabilities[k], Math.Sqrt(draws * probabilities[k] * (1 - probabilities[k])));
            if (probabilities[k] < 1e-12) Assert.That(counts[k], Is.Zero, $"category {k}, of probability {probabilities[k]}");
            else Assert.That(counts[k], Is.EqualTo(expected).Within(4.5 * deviation + 1), $"category {k}, of probability {probabilities[k]}");
        }
    }

    /// <summary>
    /// The draw's large vector methods are calls of their own, compiled fully optimized once. A throwaway test that called
    /// the draw in a loop had its tier-1 code, with dynamic PGO, take them in: their small vector operations then became
    /// calls, and 32 items of 256 categories took 40 µs instead of 4.
    /// </summary>
    [Test]
    public void TheLargeVectorMethodsAreNeverInlined()
    {
        var methods = new[]
        {
            typeof(CategoricalDraw).GetMethod(nameof(CategoricalDraw.Draw))!,
            typeof(CumulativeWeights).GetMethod(nameof(CumulativeWeights.Draw))!,
            typeof(DrawVectors).GetMethods(BindingFlags.Static | BindingFlags.NonPublic).Single(m => m.Name == nameof(DrawVectors.Weights) && m.IsGenericMethodDefinition),
        };
        foreach (var method in methods)
        {
            var flags = method.MethodImplementationFlags;
            Assert.That(flags.HasFlag(MethodImplAttributes.NoInlining) && flags.HasFlag(MethodImplAttributes.AggressiveOptimization), Is.True,
                $"{method.DeclaringType!.Name}.{method.Name}: NoInlining | AggressiveOptimization");
        }
    }

    [Test]
    public void ACategoryOfWeightZeroIsNeverDrawn()
    {
        // The last categories' weights are 0 (2^−288: 200 below the first logit): u just below 1 draws the last positive one
        // in the inversion's order, the last column's (15) last positive row (1): category 31.
        var logits = Enumerable.Range(0, 70).Select(k => k < 40 ? (float)Math.Sin(k) : -200f).ToArray();
        var (drawn, logProbabilities) = (new int[1], new double[1]);
        new CategoricalDraw(1, 70, 1.0).Draw(logits, [Math.BitDecrement(1.0)], new float[70], drawn, logProbabilities);
        Assert.That(drawn[0], Is.EqualTo(31));
    }

    private static void AssertSameAsReference(float[] logits, double[] uniforms, int batch, int categories, double temperature)
    {
        var (probabilities, drawn, logProbabilities) = (new float[batch * categories], new int[batch], new double[batch]);
        var draw = new CategoricalDraw(batch, categories, temperature);
        draw.Draw(logits, uniforms, probabilities, drawn, logProbabilities);
        draw.Normalize(probabilities);
        for (var n = 0; n < batch; n++)
        {
            var (k, p, logP) = Reference(logits.AsSpan(n * categories, categories), uniforms[n], (float)temperature);
            Assert.That(drawn[n], Is.EqualTo(k), $"item {n}'s draw");
            Assert.That(Bits(logProbabilities[n]), Is.EqualTo(Bits(logP)), $"item {n}'s log p");
            for (var c = 0; c < categories; c++)
                Assert.That(BitConverter.SingleToInt32Bits(probabilities[n * categories + c]), Is.EqualTo(BitConverter.SingleToInt32Bits(p[c])), $"item {n}'s p[{c}]");
        }
    }

    /// <summary>
    /// One item, one element at a time: weights 2^(logit·s − shift·s), s = log₂e / T, in single precision (0 below
    /// 2^−126) shifted by the first logit, or by the largest where their sum at T or at T = 1 is not finite; column sums,
    /// their scan and the column-by-column search (<see cref="CumulativeWeightsTests"/>' definitions) at θ = u·Σ rounded to
    /// single precision; the probabilities w / Σ in double; log p from Σ at T = 1.
    /// </summary>
    private static (int Drawn, float[] Probabilities, double LogProbability) Reference(ReadOnlySpan<float> logits, double u, float temperature)
    {
        var shift = logits[0];
        var (weights, total, sum) = (Weights(logits, shift, temperature), Total(logits, shift, temperature), Total(logits, shift, 1));
        if (!float.IsFinite(total) || !float.IsFinite(sum))
        {
            shift = float.NegativeInfinity;
            foreach (var logit in logits) shift = Math.Max(shift, logit);
            (weights, total, sum) = (Weights(logits, shift, temperature), Total(logits, shift, temperature), Total(logits, shift, 1));
        }
        var ends = LaneScansTests.Scan(CumulativeWeightsTests.ColumnSums(weights));
        var chosen = CumulativeWeightsTests.Find(weights, ends, (float)(u * total));
        var probabilities = weights.Select(w => (float)(w / (double)total)).ToArray();
        return (chosen, probabilities, (double)logits[chosen] - shift - PortableMath.Log(sum));
    }

    private static float Total(ReadOnlySpan<float> logits, float shift, float temperature) =>
        LaneScansTests.Scan(CumulativeWeightsTests.ColumnSums(Weights(logits, shift, temperature)))[15];

    /// <summary>The weights by their definition (<see cref="DrawVectorsTests.Weight"/>) at s = log₂e / T.</summary>
    private static float[] Weights(ReadOnlySpan<float> logits, float shift, float temperature)
    {
        var scale = (float)(1.4426950408889634 / temperature);
        return logits.ToArray().Select(logit => DrawVectorsTests.Weight(logit, shift, scale)).ToArray();
    }

    /// <summary>A value's bits; every NaN alike (which NaN an operation on NaNs returns is the processor's choice).</summary>
    private static long Bits(double value) => double.IsNaN(value) ? long.MinValue : BitConverter.DoubleToInt64Bits(value);
}
