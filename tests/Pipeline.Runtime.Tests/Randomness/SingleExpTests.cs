using System.Numerics;
using NUnit.Framework;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Randomness;

public class SingleExpTests
{
    private static readonly float[] Edges =
    [
        0, -0f, 1, -1, -87, -87.00001f, 88, 88.00001f, 88.72283f, 88.7229f, 89, -103.9f, -103.98f, -110, 0.3465736f, -0.3465736f,
        float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, float.MinValue, float.Epsilon,
    ];

    private static float[] Arguments(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, 50_000).Select(i => i % 5 == 0 ? random.NextSingle() * 210 - 112 : random.NextSingle() * 16 - 8).Concat(Edges).ToArray();
    }

    [Test]
    public void VectorLanesAreTheScalarFunctionBitForBit()
    {
        var x = Arguments(1);
        var lanes = new float[Vector<float>.Count];
        for (var start = 0; start + lanes.Length <= x.Length; start += lanes.Length)
        {
            SingleExp.Exp(new Vector<float>(x, start)).CopyTo(lanes);
            for (var i = 0; i < lanes.Length; i++)
                Assert.That(BitConverter.SingleToInt32Bits(lanes[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(SingleExp.Exp(x[start + i]))), $"exp({x[start + i]:R})");
        }
    }

    [Test]
    public void InRangeLanesOfEveryWidthAreTheScalarFunctionBitForBit()
    {
        // 512-bit vectors (element by element where the processor has none; scaled by vscalefps where it has them),
        // Vector<float> and 128-bit vectors, over [−87, 88].
        var x = Arguments(3).Where(v => v is >= -87 and <= 88).ToArray();
        var (wide, native, narrow) = (new float[Vector512SingleLanes.Count], new float[VectorSingleLanes.Count], new float[Vector128SingleLanes.Count]);
        for (var start = 0; start + wide.Length <= x.Length; start += wide.Length)
        {
            SingleExp.InRange(Vector512SingleLanes.Load(x.AsSpan(start))).Store(wide);
            SingleExp.InRange(VectorSingleLanes.Load(x.AsSpan(start))).Store(native);
            SingleExp.InRange(Vector128SingleLanes.Load(x.AsSpan(start))).Store(narrow);
            for (var i = 0; i < wide.Length; i++)
                Assert.That(BitConverter.SingleToInt32Bits(wide[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(SingleExp.Exp(x[start + i]))), $"exp({x[start + i]:R})");
            for (var i = 0; i < native.Length; i++)
                Assert.That(BitConverter.SingleToInt32Bits(native[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(SingleExp.Exp(x[start + i]))), $"exp({x[start + i]:R})");
            for (var i = 0; i < narrow.Length; i++)
                Assert.That(BitConverter.SingleToInt32Bits(narrow[i]), Is.EqualTo(BitConverter.SingleToInt32Bits(SingleExp.Exp(x[start + i]))), $"exp({x[start + i]:R})");
        }
    }

    [Test]
    public void NormalResultsAreWithinTwoUlpOfTheExactExponential()
    {
        var worst = 0L;
        foreach (var x in Arguments(2).Where(v => v is >= -87.3f and <= 88.72f))
        {
            var exact = (float)Math.Exp(x);
            var ulps = Math.Abs((long)BitConverter.SingleToInt32Bits(SingleExp.Exp(x)) - BitConverter.SingleToInt32Bits(exact));
            worst = Math.Max(worst, ulps);
        }
        Assert.That(worst, Is.LessThanOrEqualTo(2));
    }

    [Test]
    public void OverflowUnderflowAndNaNAreTheLimits()
    {
        Assert.That(SingleExp.Exp(0), Is.EqualTo(1f));
        Assert.That(SingleExp.Exp(89), Is.EqualTo(float.PositiveInfinity));
        Assert.That(SingleExp.Exp(float.PositiveInfinity), Is.EqualTo(float.PositiveInfinity));
        Assert.That(SingleExp.Exp(float.NegativeInfinity), Is.EqualTo(0f));
        Assert.That(SingleExp.Exp(-104), Is.EqualTo(0f));
        Assert.That(float.IsNaN(SingleExp.Exp(float.NaN)));
        var subnormal = SingleExp.Exp(-100);                      // e^−100 ≈ 3.7e−44: a subnormal float
        Assert.That(subnormal, Is.EqualTo((float)Math.Exp(-100)).Within(2 * float.Epsilon));
        Assert.That(SingleExp.Exp(88.72f), Is.EqualTo((float)Math.Exp(88.72f)).Within(2e-7 * Math.Exp(88.72)));
    }
}
