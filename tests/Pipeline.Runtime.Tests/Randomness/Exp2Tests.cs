using NUnit.Framework;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Randomness;

public class Exp2Tests
{
    /// <summary>
    /// Exponents over the weights' domain [−126, 128]: mostly near 0 (the likely categories), the rounding's ties and
    /// their neighbours, whole numbers, and the edges (the smallest normal result, the largest float, overflow).
    /// </summary>
    private static float[] Exponents(int seed)
    {
        var random = new Random(seed);
        var ties = Enumerable.Range(-126, 254).SelectMany(n => new[] { n + 0.5f, MathF.BitDecrement(n + 0.5f), MathF.BitIncrement(n + 0.5f), n });
        return Enumerable.Range(0, 60_000).Select(i => i % 4 == 0 ? -126 + random.NextSingle() * 254 : (random.NextSingle() - 0.75f) * 12)
            .Concat(ties).Concat([0f, -0f, -126f, -125.5f, 127.99999f, 127.5f, 1e-30f, -1e-30f]).ToArray();
    }

    [Test]
    public void LanesOfEveryWidthAreTheScalarFunctionBitForBit()
    {
        // 512-bit vectors (AVX-512's vscalefps), Vector<float> and 128-bit vectors (two exact powers of two), and four abreast.
        var y = Exponents(1).Concat([128f, 128.4f, 129f, 200f, 3e38f, float.PositiveInfinity, float.NaN]).ToArray();
        Check<Vector512SingleLanes>(y);
        Check<VectorSingleLanes>(y);
        Check<Vector128SingleLanes>(y);
        Check<FourVectorLanes<Vector512SingleLanes>>(y);

        static void Check<TLanes>(float[] y) where TLanes : struct, ISingleLanes<TLanes>
        {
            var lanes = new float[TLanes.Count];
            for (var start = 0; start + lanes.Length <= y.Length; start += lanes.Length)
            {
                Exp2.Of(TLanes.Load(y.AsSpan(start))).Store(lanes);
                for (var i = 0; i < lanes.Length; i++)
                    Assert.That(Bits(lanes[i]), Is.EqualTo(Bits(Exp2.Of(y[start + i]))), $"{typeof(TLanes).Name}: 2^{y[start + i]:R}");
            }
        }
    }

    [Test]
    public void ResultsAreWithinTwoUlpOfTheExactPower()
    {
        var worst = 0L;
        foreach (var y in Exponents(2).Where(y => y < 128))
        {
            var ulps = Math.Abs((long)BitConverter.SingleToInt32Bits(Exp2.Of(y)) - BitConverter.SingleToInt32Bits((float)Math.Pow(2, y)));
            worst = Math.Max(worst, ulps);
        }
        Assert.That(worst, Is.LessThanOrEqualTo(2));
        Assert.That(Exp2.Of(0), Is.EqualTo(1f));
        Assert.That(Exp2.Of(-0f), Is.EqualTo(1f));
        Assert.That(Exp2.Of(-126), Is.EqualTo(MathF.Pow(2, -126)));
    }

    [Test]
    public void PastTheLargestFloatIsInfinityAndNaNStaysNaN()
    {
        Assert.That(float.IsFinite(Exp2.Of(127.99999f)), Is.True);
        foreach (var y in new[] { 128f, 128.4f, 129f, 200f, 3e38f }) Assert.That(Exp2.Of(y), Is.EqualTo(float.PositiveInfinity), $"2^{y}");
        Assert.That(Exp2.Of(float.NaN), Is.NaN);
        Assert.That(Exp2.Of(float.PositiveInfinity), Is.NaN.Or.EqualTo(float.PositiveInfinity));
    }

    /// <summary>A value's bits; every NaN alike (which NaN an operation on NaNs returns is the processor's choice).</summary>
    private static int Bits(float value) => float.IsNaN(value) ? int.MinValue : BitConverter.SingleToInt32Bits(value);
}
