using NUnit.Framework;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Randomness;
using Pipeline.Runtime.Tests.Randomness;

namespace Pipeline.Runtime.Tests.Autoregressive;

/// <summary>
/// The inversion column by column: its ends and its vector search (a column's weights gathered 16 rows at a time) against
/// the definitions written out element by element, bit for bit, over lengths with short last rows and columns of more
/// than 16 rows.
/// </summary>
public class CumulativeWeightsTests
{
    private static readonly int[] Lengths = [1, 2, 15, 16, 17, 100, 128, 255, 256, 257, 300, 512, 600];

    [Test]
    public void EndsAreTheScanOfTheColumnSums([ValueSource(nameof(Lengths))] int length)
    {
        var (_, columnSums, ends, total) = Summed(length, 2);
        var expected = LaneScansTests.Scan(ColumnSums(Weights(length, 2)));
        Assert.That(DrawVectorsTests.Bits(ends), Is.EqualTo(DrawVectorsTests.Bits(expected)));
        Assert.That(total, Is.EqualTo(expected[15]));
        Assert.That(DrawVectorsTests.Bits(columnSums), Is.EqualTo(DrawVectorsTests.Bits(ColumnSums(Weights(length, 2)))));
    }

    /// <summary>The vector search and the element-by-element one agree with the definition at every threshold, and never land on a weight of 0.</summary>
    [Test]
    public void TheSearchIsTheDefinitionAndSkipsWeightsOfZero([ValueSource(nameof(Lengths))] int length)
    {
        var (weights, columnSums, ends, total) = Summed(length, 3);
        var random = new Random(length);
        var thresholds = Enumerable.Range(0, 3_000).Select(_ => (float)(random.NextDouble() * total))
            .Concat(ends.SelectMany(e => new[] { e, MathF.BitDecrement(e), MathF.BitIncrement(e) }))
            .Concat([0f, total, MathF.BitDecrement(total)]);
        foreach (var threshold in thresholds)
        {
            var k = CumulativeWeights.Find(weights, columnSums, ends, threshold);
            Assert.That(k, Is.EqualTo(CumulativeWeights.FindElementByElement(weights, columnSums, ends, threshold)), $"θ = {threshold:R}");
            Assert.That(k, Is.EqualTo(Find(weights, ends, threshold)), $"θ = {threshold:R}");
            Assert.That(weights[k], Is.GreaterThan(0), $"θ = {threshold:R}");
        }
    }

    /// <summary>The batch draw is the search of each item at θ = u·Σ rounded to single precision.</summary>
    [Test]
    public void TheDrawIsTheSearchAtEachItemsThreshold([ValueSource(nameof(Lengths))] int length)
    {
        var (weights, columnSums, ends, total) = Summed(length, 4);
        var random = new Random(length);
        var uniforms = Enumerable.Range(0, 2_000).Select(_ => random.NextDouble()).Concat([0, Math.BitDecrement(1.0)]).ToArray();
        var batch = uniforms.Length;
        var drawn = new int[batch];
        CumulativeWeights.Draw(Repeat(weights, batch), length, uniforms, Repeat(columnSums, batch), Repeat(ends, batch), Enumerable.Repeat((double)total, batch).ToArray(), drawn);
        for (var n = 0; n < batch; n++)
            Assert.That(drawn[n], Is.EqualTo(CumulativeWeights.FindElementByElement(weights, columnSums, ends, (float)(uniforms[n] * total))), $"u = {uniforms[n]:R}");

        static float[] Repeat(float[] values, int times) => Enumerable.Repeat(values, times).SelectMany(v => v).ToArray();
    }

    /// <summary><see cref="Weights"/>, with their column sums by definition, and the ends and Σ by <see cref="CumulativeWeights.Ends"/>.</summary>
    private static (float[] Weights, float[] ColumnSums, float[] Ends, float Total) Summed(int length, int seed)
    {
        var weights = Weights(length, seed);
        var (columnSums, ends) = (ColumnSums(weights), new float[16]);
        return (weights, columnSums, ends, CumulativeWeights.Ends(columnSums, ends));
    }

    /// <summary>Weights as the draw makes them: 1 at the shift, a spread of sizes, and runs of zeros (categories 126 powers of two below it).</summary>
    private static float[] Weights(int length, int seed)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, length).Select(_ => random.Next(5) == 0 ? 0f : Exp2.Of(-random.NextSingle() * 40)).ToArray();
        for (var k = length / 3; k < length / 2; k++) weights[k] = 0;
        for (var k = 7; k < length; k += 16) weights[k] = 0;                   // a column of zeros
        weights[random.Next(length)] = 1;
        return weights;
    }

    /// <summary>Each column's sum, row after row from +0 (category k in column k mod 16).</summary>
    internal static float[] ColumnSums(float[] weights)
    {
        var sums = new float[16];
        for (var k = 0; k < weights.Length; k++) sums[k % 16] += weights[k];
        return sums;
    }

    /// <summary>
    /// The first column whose end passes θ and whose sum is positive (else the last column of positive sum); in it, the
    /// first row whose running sum (the end before the column, plus the scan of its weights by groups of 16 rows, each group
    /// from the last running sum of the one before) passes θ and whose weight is positive; else its last row of positive weight.
    /// </summary>
    internal static int Find(float[] weights, float[] ends, float threshold)
    {
        var sums = ColumnSums(weights);
        var c = Enumerable.Range(0, 16).Where(c => ends[c] > threshold && sums[c] > 0).DefaultIfEmpty(-1).First();
        if (c < 0) c = Math.Max(0, Array.FindLastIndex(sums, s => s > 0));
        var column = Enumerable.Range(0, (weights.Length - c + 15) / 16).Select(r => weights[16 * r + c]).ToArray();
        var running = c > 0 ? ends[c - 1] : 0f;
        foreach (var group in column.Chunk(16).Select((values, g) => (Values: values, First: 16 * g)))
        {
            var scan = LaneScansTests.Scan(Enumerable.Range(0, 16).Select(j => j < group.Values.Length ? group.Values[j] : 0f).ToArray());
            for (var j = 0; j < group.Values.Length; j++)
                if (running + scan[j] > threshold && group.Values[j] > 0) return 16 * (group.First + j) + c;
            running += scan[15];
        }
        return 16 * Math.Max(0, Array.FindLastIndex(column, w => w > 0)) + c;
    }
}
