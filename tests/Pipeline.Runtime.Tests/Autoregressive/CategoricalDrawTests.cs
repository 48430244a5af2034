using NUnit.Framework;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Autoregressive;

/// <summary>
/// The batch draw against the plain definition, one element at a time in category order (softmax at T by inversion of the
/// cumulative weights, log p under the model): the same draws, probabilities and log-probabilities bit for bit, so the
/// vector parts change no image.
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
            var uniforms = Enumerable.Range(0, batch).Select(n => n == 0 ? 0 : n == 1 ? Math.BitDecrement(1.0) : random.NextDouble()).ToArray();
            AssertSameAsReference(logits, uniforms, batch, categories, temperature);
        }
    }

    [TestCase(float.NaN)]
    [TestCase(float.PositiveInfinity)]
    public void LogitsThatAreNotFiniteAreRefusedByName(float broken)
    {
        var logits = Enumerable.Range(0, 2 * 40).Select(i => (float)Math.Sin(i)).ToArray();
        logits[40 + 13] = broken;
        var draw = new CategoricalDraw(2, 40, 1.0);
        Assert.That(() => draw.Draw(logits, [0.3, 0.6], new float[80], new int[2], new double[2]),
            Throws.TypeOf<PackageException>().With.Message.Contains("item 1 at position 0 logits that are not all finite").And.Message.Contains("Export the package again"));
        // Named in the request: the batch's items 64 and on, at position 17.
        draw.Where = (64, 17);
        Assert.That(() => draw.Draw(logits, [0.3, 0.6], new float[80], new int[2], new double[2]),
            Throws.TypeOf<PackageException>().With.Message.Contains("item 65 at position 17 logits"));
    }

    private static void AssertSameAsReference(float[] logits, double[] uniforms, int batch, int categories, double temperature)
    {
        var (probabilities, drawn, logProbabilities) = (new float[batch * categories], new int[batch], new double[batch]);
        new CategoricalDraw(batch, categories, temperature).Draw(logits, uniforms, probabilities, drawn, logProbabilities);
        for (var n = 0; n < batch; n++)
        {
            var (k, p, logP) = Reference(logits.AsSpan(n * categories, categories), uniforms[n], temperature);
            Assert.That(drawn[n], Is.EqualTo(k), $"item {n}'s draw");
            Assert.That(Bits(logProbabilities[n]), Is.EqualTo(Bits(logP)), $"item {n}'s log p");
            for (var c = 0; c < categories; c++)
                Assert.That(Bits(probabilities[n * categories + c]), Is.EqualTo(Bits(p[c])), $"item {n}'s p[{c}]");
        }
    }

    /// <summary>One item, one element at a time: weights exp((logit − max) / T) rounded to float, k the first whose running sum exceeds u·Σ.</summary>
    private static (int Drawn, float[] Probabilities, double LogProbability) Reference(ReadOnlySpan<float> logits, double u, double temperature)
    {
        var max = double.NegativeInfinity;
        foreach (var logit in logits) max = Math.Max(max, logit);
        var (weights, total, sum) = (new float[logits.Length], 0.0, 0.0);
        for (var k = 0; k < logits.Length; k++)
        {
            weights[k] = (float)PortableMath.Exp(temperature == 1 ? logits[k] - max : (logits[k] - max) / temperature);
            total += weights[k];
            sum += temperature == 1 ? weights[k] : PortableMath.Exp(logits[k] - max);
        }
        var (chosen, cumulative) = (logits.Length - 1, 0.0);
        for (var k = 0; k < logits.Length; k++)
            if ((cumulative += weights[k]) > u * total)
            {
                chosen = k;
                break;
            }
        var probabilities = weights.Select(w => (float)(w / total)).ToArray();
        return (chosen, probabilities, logits[chosen] - max - PortableMath.Log(sum));
    }

    /// <summary>A value's bits; every NaN alike (which NaN an operation on NaNs returns is the processor's choice).</summary>
    private static long Bits(double value) => double.IsNaN(value) ? long.MinValue : BitConverter.DoubleToInt64Bits(value);
}
