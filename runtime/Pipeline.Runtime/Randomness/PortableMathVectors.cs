using System.Numerics;
using System.Runtime.CompilerServices;
using static Pipeline.Runtime.Randomness.PortableMath;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// <see cref="PortableMath.Log"/> of whole spans on SIMD vectors, bit for bit the same results: each lane does the same
/// IEEE operations in the same order (no fused multiply-adds), so only the speed differs. A sampling step needs one
/// logarithm per item. Lanes outside the range where the vector form is exact (logarithms of subnormals) go through the
/// scalar function.
/// </summary>
internal static class PortableMathVectors
{
    private const double SmallestNormal = 2.2250738585072014E-308;

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
