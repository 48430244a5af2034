using NUnit.Framework;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Autoregressive;

/// <summary>
/// The draw's vector parts in double on both widths (<see cref="VectorLanes"/> and <see cref="Vector512Lanes"/>) against the
/// element-by-element definitions, bit for bit, over lengths that leave tails. Where the processor has no 512-bit vectors,
/// <see cref="Vector512Lanes"/> goes element by element and its half of each test checks nothing more than that.
/// </summary>
public class DrawVectorsTests
{
    private static readonly int[] Lengths = [1, 7, 8, 15, 16, 17, 31, 33, 256];

    [Test]
    public void DifferencesAreTheScalarOnes([ValueSource(nameof(Lengths))] int length, [Values(1.0, 0.7)] double divisor)
    {
        var values = Values(length, 30);
        double max = values.Max();
        var expected = values.Select(v => divisor != 1 ? ((double)v - max) / divisor : (double)v - max).ToArray();
        var (native, wide) = (new double[length], new double[length]);
        DrawVectors.Difference<VectorLanes>(values, max, divisor, native);
        DrawVectors.Difference<Vector512Lanes>(values, max, divisor, wide);
        Assert.That(Bits(native), Is.EqualTo(Bits(expected)));
        Assert.That(Bits(wide), Is.EqualTo(Bits(expected)));
    }

    [Test]
    public void NarrowedExponentialsAreTheScalarOnes([ValueSource(nameof(Lengths))] int length)
    {
        // Distances from the largest logit, with some past the vectors' exact range (−708) and 0 itself.
        var x = Values(length, 40).Select((v, i) => i % 9 == 4 ? -720.5 : i % 5 == 0 ? 0 : -Math.Abs((double)v)).ToArray();
        var expected = x.Select(v => (float)PortableMath.Exp(v)).ToArray();
        var (native, wide) = (new float[length], new float[length]);
        DrawVectors.ExpNarrow<VectorLanes>(x, native);
        DrawVectors.ExpNarrow<Vector512Lanes>(x, wide);
        Assert.That(Bits(native), Is.EqualTo(Bits(expected)));
        Assert.That(Bits(wide), Is.EqualTo(Bits(expected)));
    }

    [Test]
    public void QuotientsAreTheScalarOnes([ValueSource(nameof(Lengths))] int length)
    {
        var weights = Values(length, 1).Select(Math.Abs).ToArray();
        const double total = 3.7000000000000006;
        var expected = weights.Select(w => (float)(w / total)).ToArray();
        var (native, wide) = (weights.ToArray(), weights.ToArray());
        DrawVectors.Divide<VectorLanes>(native, total);
        DrawVectors.Divide<Vector512Lanes>(wide, total);
        Assert.That(Bits(native), Is.EqualTo(Bits(expected)));
        Assert.That(Bits(wide), Is.EqualTo(Bits(expected)));
    }

    private static float[] Values(int length, double scale)
    {
        var random = new SeededRandom((ulong)length);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() - 0.5) * scale)).ToArray();
    }

    private static long[] Bits(double[] values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
