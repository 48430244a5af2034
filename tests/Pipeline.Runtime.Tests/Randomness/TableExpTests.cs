using NUnit.Framework;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Randomness;

public class TableExpTests
{
    /// <summary>Arguments over the weights' domain [−87, 0], with its edges and the table's joints (multiples of ln2/16, and halfway between).</summary>
    private static float[] Arguments(int seed)
    {
        var random = new Random(seed);
        var joints = Enumerable.Range(0, 2 * 16 * 126).Select(i => (float)(-i * Math.Log(2) / 32)).Where(x => x >= -87);
        return Enumerable.Range(0, 50_000).Select(i => i % 5 == 0 ? random.NextSingle() * -87 : random.NextSingle() * -8)
            .Concat(joints).Concat([0f, -0f, -87f, -1e-30f, -float.Epsilon, -86.99999f, -0.0216608f, -0.0216609f]).ToArray();
    }

    [Test]
    public void LanesOfEveryWidthAreTheScalarFunctionBitForBit()
    {
        // 512-bit vectors (with AVX-512's vpermps and vscalefps), Vector<float> (AVX2's two permutes, or lane by lane),
        // 128-bit vectors (lane by lane), and four of each abreast.
        var x = Arguments(1);
        Check<Vector512SingleLanes>(x);
        Check<VectorSingleLanes>(x);
        Check<Vector128SingleLanes>(x);
        Check<FourVectorLanes<Vector512SingleLanes>>(x);
        Check<FourVectorLanes<Vector128SingleLanes>>(x);

        static void Check<TLanes>(float[] x) where TLanes : struct, ISingleLanes<TLanes>
        {
            var lanes = new float[TLanes.Count];
            for (var start = 0; start + lanes.Length <= x.Length; start += lanes.Length)
            {
                TableExp.Exp(TLanes.Load(x.AsSpan(start))).Store(lanes);
                for (var i = 0; i < lanes.Length; i++)
                    Assert.That(BitConverter.SingleToInt32Bits(lanes[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(TableExp.Exp(x[start + i]))), $"{typeof(TLanes).Name}: exp({x[start + i]:R})");
            }
        }
    }

    [Test]
    public void ResultsAreWithinTwoUlpOfTheExactExponential()
    {
        var worst = 0L;
        foreach (var x in Arguments(2))
        {
            var ulps = Math.Abs((long)BitConverter.SingleToInt32Bits(TableExp.Exp(x)) - BitConverter.SingleToInt32Bits((float)Math.Exp(x)));
            worst = Math.Max(worst, ulps);
        }
        Assert.That(worst, Is.LessThanOrEqualTo(2));
        Assert.That(TableExp.Exp(0), Is.EqualTo(1f));
        Assert.That(TableExp.Exp(-0f), Is.EqualTo(1f));
    }
}
