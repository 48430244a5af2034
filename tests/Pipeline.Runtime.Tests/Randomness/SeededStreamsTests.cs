using NUnit.Framework;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Randomness;

/// <summary>The streams of a batch on vectors against one <see cref="SeededRandom"/> per stream, bit for bit.</summary>
public class SeededStreamsTests
{
    /// <summary>Counts that fill 512-bit vectors, leave a tail, or fill none.</summary>
    [TestCase(1)]
    [TestCase(8)]
    [TestCase(13)]
    [TestCase(64)]
    public void EachStreamIsASeededRandom(int count)
    {
        var seeds = Enumerable.Range(0, count).Select(n => 0x5DEECE66DUL * (ulong)(n + 1) ^ (ulong)n << 40).ToArray();
        var streams = new SeededStreams(count);
        for (var n = 0; n < count; n++) streams.Reset(n, seeds[n]);
        var randoms = seeds.Select(seed => new SeededRandom(seed)).ToArray();
        var drawn = new double[count];
        for (var draw = 0; draw < 200; draw++)
        {
            streams.NextDoubles(drawn);
            for (var n = 0; n < count; n++)
                Assert.That(BitConverter.DoubleToInt64Bits(drawn[n]), Is.EqualTo(BitConverter.DoubleToInt64Bits(randoms[n].NextDouble())), $"stream {n}, draw {draw}");
        }
    }

    /// <summary>A stream seeded again starts over, whatever the others do.</summary>
    [Test]
    public void ResettingAStreamStartsItOver()
    {
        var streams = new SeededStreams(16);
        for (var n = 0; n < 16; n++) streams.Reset(n, (ulong)n);
        var first = new double[16];
        streams.NextDoubles(first);
        streams.NextDoubles(new double[16]);
        streams.Reset(5, 5);
        var again = new double[16];
        streams.NextDoubles(again);
        Assert.That(again[5], Is.EqualTo(first[5]));
        Assert.That(again[4], Is.Not.EqualTo(first[4]));
    }
}
