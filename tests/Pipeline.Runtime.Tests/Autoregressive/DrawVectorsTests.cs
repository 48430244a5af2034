using NUnit.Framework;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Randomness;
using Pipeline.Runtime.Tests.Randomness;

namespace Pipeline.Runtime.Tests.Autoregressive;

/// <summary>
/// The draw's vector parts on every width (<c>Vector&lt;T&gt;</c>, 512-bit vectors, and 128-bit ones as on Arm) against the element-by-element
/// definitions, bit for bit, over lengths that leave tails. Where the processor has no 512-bit vectors, the 512-bit lanes
/// go element by element and their half of each test checks nothing more than that.
/// </summary>
public class DrawVectorsTests
{
    private static readonly int[] Lengths = [1, 7, 8, 15, 16, 17, 31, 33, 64, 65, 256];

    /// <summary>The vectors take the processor's maximum, which may drop a NaN or pick either zero: Math.Max's answer must still come out.</summary>
    [Test]
    public void MaximaAreMathMaxOnes([ValueSource(nameof(Lengths))] int length, [Values] MaxCase special)
    {
        var values = Values(length, 10);
        var at = length / 2;
        switch (special)
        {
            case MaxCase.NaN: values[at] = float.NaN; break;
            case MaxCase.Zeros: values = values.Select(v => -Math.Abs(v)).ToArray(); values[at] = -0f; values[length - 1] = 0f; break;
            case MaxCase.NegativeZero: values = values.Select(v => -Math.Abs(v) - 1).ToArray(); values[at] = -0f; break;
            case MaxCase.PositiveInfinity: values[at] = float.PositiveInfinity; break;        // the vectors' path: the sums stay ∞
            case MaxCase.Infinities: values[at] = float.PositiveInfinity; values[0] = float.NegativeInfinity; break;   // ∞ − ∞ in the sums: element by element
        }
        var expected = values.Aggregate(float.NegativeInfinity, Math.Max);
        Assert.That(BitConverter.SingleToInt32Bits(DrawVectors.Max<VectorSingleLanes>(values)), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)));
        Assert.That(BitConverter.SingleToInt32Bits(DrawVectors.Max<Vector512SingleLanes>(values)), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)));
        Assert.That(BitConverter.SingleToInt32Bits(DrawVectors.Max<Vector128SingleLanes>(values)), Is.EqualTo(BitConverter.SingleToInt32Bits(expected)));
    }

    public enum MaxCase { Plain, NaN, Zeros, NegativeZero, PositiveInfinity, Infinities }

    [Test]
    public void WeightsAndColumnSumsAreTheScalarOnes([ValueSource(nameof(Lengths))] int length, [Values(1f, 0.7f)] float temperature)
    {
        // Three items, each shifted by its first logit: distances from −300 to 150, so weights of 0 below 2^−126, −∞,
        // and ∞ where the shift is far below the largest logit (the draw then shifts by that one instead).
        const int items = 3;
        var logits = Values(items * length, 300);
        if (length > 3) logits[3] = float.NegativeInfinity;
        if (length > 5) logits[length + 5] = logits[length] + 150;
        var shifts = Enumerable.Range(0, items).Select(n => logits[n * length]).ToArray();
        var scale = DrawVectors.Scale(temperature);
        var (expected, expectedSums) = (new float[items * length], new float[items * CumulativeWeights.Columns]);
        for (var n = 0; n < items; n++)
            for (var k = 0; k < length; k++)
            {
                expected[n * length + k] = Weight(logits[n * length + k], shifts[n], scale);
                expectedSums[n * CumulativeWeights.Columns + k % CumulativeWeights.Columns] += expected[n * length + k];
            }
        Check<VectorSingleLanes>();
        Check<Vector512SingleLanes>();
        Check<Vector128SingleLanes>();

        void Check<TLanes>() where TLanes : struct, ISingleLanes<TLanes>
        {
            var (weights, sums) = (new float[items * length], Enumerable.Repeat(float.NaN, items * CumulativeWeights.Columns).ToArray());
            DrawVectors.Weights<TLanes>(logits, shifts, scale, weights, sums);
            Assert.That(Bits(weights), Is.EqualTo(Bits(expected)), typeof(TLanes).Name);
            Assert.That(Bits(sums), Is.EqualTo(Bits(expectedSums)), typeof(TLanes).Name);
        }
    }

    [Test]
    public void PowersAreTheScalarOnes([ValueSource(nameof(Lengths))] int length)
    {
        var y = Values(length, 400);
        if (length > 3) y[3] = float.NegativeInfinity;
        var expected = y.Select(Power).ToArray();
        var (native, wide, narrow) = (new float[length], new float[length], new float[length]);
        DrawVectors.Powers<VectorSingleLanes>(y, native);
        DrawVectors.Powers<Vector512SingleLanes>(y, wide);
        DrawVectors.Powers<Vector128SingleLanes>(y, narrow);
        Assert.That(Bits(native), Is.EqualTo(Bits(expected)));
        Assert.That(Bits(wide), Is.EqualTo(Bits(expected)));
        Assert.That(Bits(narrow), Is.EqualTo(Bits(expected)));
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

    /// <summary>A category's weight by its definition: 2^y, y = logit·s − shift·s (the product shift·s rounded, then one fused multiply-add).</summary>
    internal static float Weight(float logit, float shift, float scale) => Power(MathF.FusedMultiplyAdd(logit, scale, -(shift * scale)));

    /// <summary>A weight of exponent y by its definition: 2^y, 0 below −126.</summary>
    private static float Power(float y) => y < -126 ? 0 : Exp2.Of(y);

    internal static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
