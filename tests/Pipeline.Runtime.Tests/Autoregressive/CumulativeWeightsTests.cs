using NUnit.Framework;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Randomness;
using Pipeline.Runtime.Tests.Randomness;

namespace Pipeline.Runtime.Tests.Autoregressive;

/// <summary>
/// The inversion's sums on every width (512-bit vectors with the transposed fold, <c>Vector&lt;T&gt;</c>, and 128-bit
/// ones as on Arm) and the vector search, against the definitions written out element by element, bit for bit.
/// </summary>
public class CumulativeWeightsTests
{
    private static readonly int[] Lengths = [1, 2, 15, 16, 17, 100, 128, 255, 256, 257, 300, 512, 600];

    [Test]
    public void BlockSumsOfEveryWidthAreTheTreesByHalves([ValueSource(nameof(Lengths))] int length)
    {
        var weights = Weights(length, 1);
        var expected = Sums(weights);
        foreach (var blockSums in new[] { BlockSums<VectorSingleLanes>, BlockSums<Vector512SingleLanes>, BlockSums<Vector128SingleLanes> })
            Assert.That(DrawVectorsTests.Bits(blockSums(weights)), Is.EqualTo(DrawVectorsTests.Bits(expected)));

        static float[] BlockSums<TLanes>(float[] weights) where TLanes : struct, ISingleLanes<TLanes>
        {
            var sums = new float[CumulativeWeights.BufferLength(weights.Length)];
            Array.Fill(sums, float.NaN);                 // past the last block: cleared to +0
            CumulativeWeights.BlockSums<TLanes>(weights, sums);
            return sums;
        }
    }

    [Test]
    public void EndsAreTheScansOfTheBlockSums([ValueSource(nameof(Lengths))] int length)
    {
        var (weights, sums, ends, total) = Summed(length, 2);
        var expected = Ends(Sums(weights));
        Assert.That(DrawVectorsTests.Bits(sums), Is.EqualTo(DrawVectorsTests.Bits(Sums(weights))));
        Assert.That(DrawVectorsTests.Bits(ends), Is.EqualTo(DrawVectorsTests.Bits(expected)));
        Assert.That(total, Is.EqualTo(expected[(length + 15) / 16 - 1]));
    }

    /// <summary>The vector search and the element-by-element one agree at every threshold, and never land on a weight of 0.</summary>
    [Test]
    public void TheSearchIsTheDefinitionAndSkipsWeightsOfZero([ValueSource(nameof(Lengths))] int length)
    {
        var (weights, sums, ends, total) = Summed(length, 3);
        var random = new Random(length);
        var thresholds = Enumerable.Range(0, 3_000).Select(_ => (float)(random.NextDouble() * total))
            .Concat(ends.Take((length + 15) / 16).SelectMany(e => new[] { e, MathF.BitDecrement(e), MathF.BitIncrement(e) }))
            .Concat([0f, total, MathF.BitDecrement(total)]);
        var definedSums = Sums(weights);
        foreach (var threshold in thresholds)
        {
            var k = CumulativeWeights.Find(weights, sums, ends, threshold);
            Assert.That(k, Is.EqualTo(CumulativeWeights.FindElementByElement(weights, sums, ends, threshold)), $"θ = {threshold:R}");
            Assert.That(k, Is.EqualTo(Find(weights, definedSums, ends, threshold)), $"θ = {threshold:R}");
            Assert.That(weights[k], Is.GreaterThan(0), $"θ = {threshold:R}");
        }
    }

    /// <summary>The draw in registers (AVX-512, whole blocks, up to 256 categories) is the sums and the search in memory.</summary>
    [Test]
    public void TheDrawIsTheEndsThenTheSearch([ValueSource(nameof(Lengths))] int length)
    {
        var (weights, sums, ends, total) = Summed(length, 4);
        var random = new Random(length);
        foreach (var u in Enumerable.Range(0, 2_000).Select(_ => random.NextDouble()).Concat([0, Math.BitDecrement(1.0)]))
        {
            var (drawn, drawTotal) = (new int[1], new double[1]);
            CumulativeWeights.Draw(weights, length, [u], new float[sums.Length], new float[ends.Length], drawTotal, drawn);
            Assert.That(drawTotal[0], Is.EqualTo(total));
            Assert.That(drawn[0], Is.EqualTo(CumulativeWeights.FindElementByElement(weights, sums, ends, (float)(u * total))), $"u = {u:R}");
        }
    }

    /// <summary><see cref="Weights"/>, with their block sums and ends by <see cref="CumulativeWeights.Ends"/>, and Σ.</summary>
    private static (float[] Weights, float[] Sums, float[] Ends, float Total) Summed(int length, int seed)
    {
        var weights = Weights(length, seed);
        var (sums, ends) = (new float[CumulativeWeights.BufferLength(length)], new float[CumulativeWeights.BufferLength(length)]);
        return (weights, sums, ends, CumulativeWeights.Ends(weights, sums, ends));
    }

    /// <summary>Weights as the draw makes them: 1 at the largest, a spread of sizes, and runs of zeros (categories 87 below it).</summary>
    private static float[] Weights(int length, int seed)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, length).Select(_ => random.Next(5) == 0 ? 0f : TableExp.Exp(-random.NextSingle() * 30)).ToArray();
        for (var k = length / 3; k < length / 2; k++) weights[k] = 0;
        weights[random.Next(length)] = 1;
        return weights;
    }

    /// <summary>Each block of 16's sum by halves (+0 for missing weights), then +0 up to a whole group of 16 blocks.</summary>
    internal static float[] Sums(float[] weights)
    {
        var sums = new float[CumulativeWeights.BufferLength(weights.Length)];
        var b = 0;
        foreach (var block in weights.Chunk(16))
        {
            var level = Enumerable.Range(0, 16).Select(l => l < block.Length ? block[l] : 0f).ToArray();
            while (level.Length > 1) level = Enumerable.Range(0, level.Length / 2).Select(l => level[l] + level[l + level.Length / 2]).ToArray();
            sums[b++] = level[0];
        }
        return sums;
    }

    /// <summary>Each group of 16 block sums scanned (<see cref="LaneScansTests.Scan"/>), later groups plus the end before them.</summary>
    internal static float[] Ends(float[] sums)
    {
        var ends = new float[sums.Length];
        for (var group = 0; group < ends.Length; group += 16)
        {
            LaneScansTests.Scan(sums[group..(group + 16)]).CopyTo(ends, group);
            if (group > 0) for (var j = group; j < group + 16; j++) ends[j] += ends[group - 1];
        }
        return ends;
    }

    /// <summary>
    /// The first block whose end passes θ and whose sum is positive; in it, the first category whose running sum (the end
    /// before plus the block's scan) passes θ and whose weight is positive; else the block's last positive weight; else the last positive weight.
    /// </summary>
    internal static int Find(float[] weights, float[] sums, float[] ends, float threshold)
    {
        for (var b = 0; b < (weights.Length + 15) / 16; b++)
        {
            if (!(ends[b] > threshold && sums[b] > 0)) continue;
            var block = Enumerable.Range(0, 16).Select(l => 16 * b + l < weights.Length ? weights[16 * b + l] : 0f).ToArray();
            var scan = LaneScansTests.Scan(block);
            for (var j = 0; j < 16 && 16 * b + j < weights.Length; j++)
                if ((b > 0 ? ends[b - 1] : 0f) + scan[j] > threshold && block[j] > 0) return 16 * b + j;
            return 16 * b + Array.FindLastIndex(block, w => w > 0);
        }
        return Array.FindLastIndex(weights, w => w > 0);
    }
}
