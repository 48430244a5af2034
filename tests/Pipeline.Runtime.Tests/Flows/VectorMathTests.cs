using NUnit.Framework;
using Pipeline.Runtime.Flows;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Flows;

/// <summary>The flow's vectorized arithmetic equals its scalar formulas, on lengths with a scalar tail.</summary>
public class VectorMathTests
{
    private const int Length = 103;     // not a multiple of any vector width

    private static float[] Values(int seed, float scale)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Length).Select(_ => (random.NextSingle() * 2 - 1) * scale).ToArray();
    }

    [Test]
    public void MultiplyAddAndMultiplyAreTheScalarFormulas()
    {
        var (x, b) = (Values(1, 3), Values(2, 1));
        var scaled = x.ToArray();
        VectorMath.MultiplyAdd(scaled, 1.5f, -0.25f);
        var product = new float[Length];
        VectorMath.Multiply(x, b, product);

        for (var p = 0; p < Length; p++)
        {
            Assert.That(scaled[p], Is.EqualTo(x[p] * 1.5f - 0.25f).Within(1e-6f), $"entry {p}");
            Assert.That(product[p], Is.EqualTo(x[p] * b[p]), $"entry {p}");
        }
    }

    [Test]
    public void TheInverseCouplingChangesOnlyFreeEntriesAndIgnoresTheirNetworkOutputsElsewhere()
    {
        var (x, s, m) = (Values(3, 2), Values(4, 3), Values(5, 1));
        // A checkerboard-like half, then runs of 16 kept and 16 free entries (a channel mask's whole vectors).
        var mask = Enumerable.Range(0, Length).Select(p => (float)(p < 48 ? p % 2 : p / 16 % 2)).ToArray();
        for (var p = 0; p < Length; p++) if (mask[p] == 1) s[p] = 1000;      // exp(1000) overflows: a kept entry must not read it
        var y = x.ToArray();
        VectorMath.AffineWhereZero(y, mask, s, m);

        for (var p = 0; p < Length; p++)
        {
            var expected = mask[p] == 0 ? SingleExp.Exp(s[p]) * x[p] + m[p] : x[p];       // the same bits in vectors and in the tail
            Assert.That(y[p], Is.EqualTo(expected), $"entry {p}");
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void TheFusedPassGivesTheBitsOfTheThreeItReplaces(bool writesTheNextInput)
    {
        var (x, s, m, nextMask) = (Values(6, 2), Values(7, 3), Values(8, 1), Values(9, 1).Select(v => v > 0 ? 1f : 0f).ToArray());
        var mask = Enumerable.Range(0, Length).Select(p => (float)(p < 48 ? p % 2 : p / 16 % 2)).ToArray();
        for (var p = 0; p < Length; p++) if (mask[p] == 1) s[p] = 1000;
        // The three passes one after the other: the inverse coupling, the inverse act-norm, the next coupling's input.
        var expected = x.ToArray();
        VectorMath.AffineWhereZero(expected, mask, s, m);
        VectorMath.MultiplyAdd(expected, 1.7f, -0.3f);
        var expectedInput = new float[Length];
        VectorMath.Multiply(expected, nextMask, expectedInput);

        var fused = x.ToArray();
        var input = new float[Length];
        VectorMath.AffineThenMultiplyAdd(fused, mask, s, m, 1.7f, -0.3f, writesTheNextInput ? nextMask : default, writesTheNextInput ? input : default);

        Assert.That(fused.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
        Assert.That(input.Select(BitConverter.SingleToInt32Bits), Is.EqualTo((writesTheNextInput ? expectedInput : new float[Length]).Select(BitConverter.SingleToInt32Bits)));
    }

    /// <summary>
    /// The pass on every width (512-bit vectors as on AVX-512, Vector&lt;float&gt;, and 128-bit ones as on Arm) gives the
    /// scalar formula's bits, also where a free entry's exponential leaves the vectors' range (±∞ and subnormal scales,
    /// taken lane by lane).
    /// </summary>
    [TestCase(true, true)]
    [TestCase(true, false)]
    [TestCase(false, false)]
    public void EveryWidthGivesTheScalarBits(bool moveAfter, bool writesTheNextInput)
    {
        var (x, s, m, nextMask) = (Values(10, 2), Values(11, 3), Values(12, 1), Values(13, 1).Select(v => v > 0 ? 1f : 0f).ToArray());
        var mask = Enumerable.Range(0, Length).Select(p => (float)(p < 48 ? p % 2 : p / 16 % 2)).ToArray();
        (s[2], s[4], s[6]) = (100, -95, -200);          // free entries: e^100 = ∞, e^−95 subnormal, e^−200 = 0
        (x[1], x[3]) = (-0f, -0f);                      // kept entries, which x·1 + 0 would turn into +0
        const float scale = 1.7f, shift = -0.3f;        // ignored without moveAfter
        var expected = new float[Length];
        var expectedInput = new float[Length];
        for (var p = 0; p < Length; p++)
        {
            var value = mask[p] == 0 ? SingleExp.Exp(s[p]) * x[p] + m[p] : x[p];
            expected[p] = moveAfter ? value * scale + shift : value;
            if (writesTheNextInput) expectedInput[p] = expected[p] * nextMask[p];
        }
        foreach (var pass in new[] { Pass<VectorSingleLanes>, Pass<Vector512SingleLanes>, Pass<Tests.Randomness.Vector128SingleLanes> })
        {
            var (y, input) = (x.ToArray(), new float[Length]);
            pass(y, mask, s, m, scale, shift, writesTheNextInput ? nextMask : [], writesTheNextInput ? input : [], moveAfter);
            Assert.That(y.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
            Assert.That(input.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expectedInput.Select(BitConverter.SingleToInt32Bits)));
        }

        static void Pass<TLanes>(float[] x, float[] mask, float[] s, float[] m, float scale, float shift, float[] nextMask, float[] nextInput, bool moveAfter)
            where TLanes : struct, ISingleLanes<TLanes> =>
            VectorMath.AffinePass<TLanes>(x, mask, s, m, scale, shift, nextMask, nextInput, moveAfter);
    }

    [Test]
    public void InverseLogitUndoesTheLogitAndClampsToTheUnitInterval()
    {
        const float alpha = 0.05f;
        var intensities = Enumerable.Range(0, Length).Select(p => p / (Length - 1f)).ToArray();
        var y = intensities.Select(v => (float)Math.Log((alpha + (1 - 2 * alpha) * v) / (1 - alpha - (1 - 2 * alpha) * v))).ToArray();
        y[0] = float.NegativeInfinity;        // beyond the logit's range: clamped, not NaN
        y[^1] = 200;
        var x = new float[Length];
        Assert.That(VectorMath.InverseLogit(y, x, alpha), Is.True, "every x is a number");

        for (var p = 1; p < Length - 1; p++) Assert.That(x[p], Is.EqualTo(intensities[p]).Within(1e-5f), $"entry {p}");
        Assert.That((x[0], x[^1]), Is.EqualTo((0f, 1f)));
    }

    /// <summary>A NaN anywhere, in a vector or in the scalar tail, is reported (the sample is then refused by name).</summary>
    [TestCase(0)]
    [TestCase(37)]
    [TestCase(Length - 1)]
    public void InverseLogitReportsANaN(int at)
    {
        var y = new float[Length];
        y[at] = float.NaN;
        var x = new float[Length];
        Assert.That(VectorMath.InverseLogit(y, x, 0.05f), Is.False);
        Assert.That(float.IsNaN(x[at]), Is.True);
    }
}
