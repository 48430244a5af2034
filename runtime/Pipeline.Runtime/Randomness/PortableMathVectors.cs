using System.Numerics;
using System.Runtime.CompilerServices;
using static Pipeline.Runtime.Randomness.PortableMath;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// <see cref="PortableMath.Exp"/> and <see cref="PortableMath.Log"/> of whole spans on SIMD vectors, bit for bit the same
/// results: each lane does the same IEEE operations in the same order (no fused multiply-adds), so only the speed
/// differs. A sampling step needs one exponential per item and category and one logarithm per item; element by element,
/// each waits on its own chain of dependent multiply-adds. Lanes outside the range where the vector form is exact
/// (results that would be subnormal, 0 or ∞; NaN; logarithms of subnormals) go through the scalar function.
/// </summary>
internal static class PortableMathVectors
{
    private const double ExpLow = -708, ExpHigh = 709;
    private const double SmallestNormal = 2.2250738585072014E-308;

    /// <summary>
    /// result[i] = <see cref="PortableMath.Exp"/>(x[i]); <paramref name="result"/> may be <paramref name="x"/>. On
    /// 512-bit vectors where the processor has them (the same bits: see <see cref="IDoubleLanes{TSelf}"/>).
    /// </summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> result)
    {
        if (Vector512Lanes.IsHardwareAccelerated) Exp<Vector512Lanes>(x, result);
        else Exp<VectorLanes>(x, result);
    }

    /// <summary><see cref="Exp(ReadOnlySpan{double}, Span{double})"/> on vectors of <typeparamref name="TLanes"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Exp<TLanes>(ReadOnlySpan<double> x, Span<double> result) where TLanes : struct, IDoubleLanes<TLanes>
    {
        var (i, count) = (0, TLanes.Count);
        if (TLanes.IsHardwareAccelerated)
        {
            for (; i <= x.Length - 2 * count; i += 2 * count)
            {
                var (first, second) = Exp(TLanes.Load(x.Slice(i)), TLanes.Load(x.Slice(i + count)));
                first.Store(result.Slice(i));
                second.Store(result.Slice(i + count));
            }
        }
        for (; i < x.Length; i++) result[i] = PortableMath.Exp(x[i]);
    }

    /// <summary>
    /// <see cref="PortableMath.Exp"/> of every lane of two vectors. Their series are summed in one loop: each multiply-add
    /// waits on the one before it, so two independent chains keep the processor's multipliers twice as busy.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (TLanes First, TLanes Second) Exp<TLanes>(TLanes a, TLanes b) where TLanes : struct, IDoubleLanes<TLanes>
    {
        if (!TLanes.AllWithin(a, ExpLow, ExpHigh) || !TLanes.AllWithin(b, ExpLow, ExpHigh)) return (ScalarExp(a), ScalarExp(b));
        // x = k·ln 2 + r, eʳ by Horner's form over 1/n!, then · 2ᵏ (a normal power of two here: exact, as ScaleB).
        var (ka, kb) = (TLanes.Round(a / TLanes.Create(Ln2)), TLanes.Round(b / TLanes.Create(Ln2)));
        var ra = a - ka * TLanes.Create(Ln2High) - ka * TLanes.Create(Ln2Low);
        var rb = b - kb * TLanes.Create(Ln2High) - kb * TLanes.Create(Ln2Low);
        var (sa, sb) = (TLanes.Create(InverseFactorials[^1]), TLanes.Create(InverseFactorials[^1]));
        for (var n = InverseFactorials.Length - 2; n >= 0; n--)
        {
            var coefficient = TLanes.Create(InverseFactorials[n]);
            (sa, sb) = (coefficient + ra * sa, coefficient + rb * sb);
        }
        return (sa * TLanes.PowerOfTwo(ka), sb * TLanes.PowerOfTwo(kb));
    }

    /// <summary>The lanes one at a time, for vectors with a lane outside the range where the vector form is exact.</summary>
    private static TLanes ScalarExp<TLanes>(TLanes v) where TLanes : struct, IDoubleLanes<TLanes>
    {
        Span<double> lanes = stackalloc double[TLanes.Count];
        v.Store(lanes);
        for (var j = 0; j < lanes.Length; j++) lanes[j] = PortableMath.Exp(lanes[j]);
        return TLanes.Load(lanes);
    }

    /// <summary>result[i] = <see cref="PortableMath.Log"/>(x[i]) of positive finite x; <paramref name="result"/> may be <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Log(ReadOnlySpan<double> x, Span<double> result)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= x.Length - Vector<double>.Count; i += Vector<double>.Count)
            {
                var v = new Vector<double>(x.Slice(i));
                if (!Vector.GreaterThanOrEqualAll(v, new Vector<double>(SmallestNormal)) || !Vector.LessThanOrEqualAll(v, new Vector<double>(double.MaxValue)))
                {
                    for (var j = i; j < i + Vector<double>.Count; j++) result[j] = PortableMath.Log(x[j]);
                    continue;
                }
                // x = m·2ᵉ from the exponent and mantissa fields, m moved into [√½, √2); ln x = e·ln 2 + 2·atanh(s), s = (m−1)/(m+1).
                var bits = Vector.AsVectorInt64(v);
                var exponent = Vector.ConvertToDouble(Vector.ShiftRightLogical(bits, 52) - new Vector<long>(1023));
                var mantissa = Vector.AsVectorDouble((bits & new Vector<long>(0x000F_FFFF_FFFF_FFFF)) | new Vector<long>(0x3FF0_0000_0000_0000));
                var high = Vector.GreaterThanOrEqual(mantissa, new Vector<double>(Sqrt2));
                mantissa = Vector.ConditionalSelect(high, mantissa * new Vector<double>(0.5), mantissa);
                exponent = Vector.ConditionalSelect(high, exponent + Vector<double>.One, exponent);
                var s = (mantissa - Vector<double>.One) / (mantissa + Vector<double>.One);
                var s2 = s * s;
                var series = new Vector<double>(InverseOdds[12]);
                for (var k = 11; k >= 0; k--) series = new Vector<double>(InverseOdds[k]) + s2 * series;
                (exponent * new Vector<double>(Ln2) + new Vector<double>(2) * s * series).CopyTo(result.Slice(i));
            }
        }
        for (; i < x.Length; i++) result[i] = PortableMath.Log(x[i]);
    }
}
