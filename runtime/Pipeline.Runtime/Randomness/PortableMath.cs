using System.Runtime.CompilerServices;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// Functions computed with IEEE +, −, ×, ÷ only, so their results are the same bits on every platform
/// (Math.Log and Math.Exp call the C library, whose last bit may differ between systems).
/// </summary>
public static class PortableMath
{
    internal const double Ln2 = 0.6931471805599453094;
    internal const double Sqrt2 = 1.4142135623730950488;

    /// <summary>ln 2 split in two parts for <see cref="Exp"/>'s reduction: k·<see cref="Ln2High"/> is exact for the k it meets.</summary>
    internal const double Ln2High = 0.693147180369123816490, Ln2Low = 1.90821492927058770002e-10;

    /// <summary>1/n! for n = 0..14, each the double nearest to it (the compiler rounds each literal the same way everywhere).</summary>
    internal static readonly double[] InverseFactorials =
    [
        1, 1, 1.0 / 2, 1.0 / 6, 1.0 / 24, 1.0 / 120, 1.0 / 720, 1.0 / 5040, 1.0 / 40320, 1.0 / 362880, 1.0 / 3628800,
        1.0 / 39916800, 1.0 / 479001600, 1.0 / 6227020800, 1.0 / 87178291200,
    ];

    /// <summary>1/(2k + 1) for k = 0..12, the atanh series' coefficients: the same doubles as dividing in the loop, without the divisions.</summary>
    internal static readonly double[] InverseOdds = Enumerable.Range(0, 13).Select(k => 1.0 / (2 * k + 1)).ToArray();

    /// <summary>
    /// The natural logarithm of a positive finite <paramref name="x"/>, within 3 ulp of the exact value.
    /// ln x = e·ln 2 + ln m with x = m·2ᵉ, m ∈ [√½, √2), and ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …), s = (m−1)/(m+1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Log(double x)
    {
        var s = Reduce(x, out var exponent);
        var s2 = s * s;
        // Σ s²ᵏ/(2k+1) for k = 0..12: the next term is below 2⁻⁶⁰ of the sum.
        var series = InverseOdds[12];
        for (var k = 11; k >= 0; k--) series = InverseOdds[k] + s2 * series;
        return exponent * Ln2 + 2 * s * series;
    }

    /// <summary>
    /// eˣ within 3 ulp: x = k·ln 2 + r with k = round(x / ln 2) and |r| ≤ ln 2 / 2 (ln 2 split in two parts, so r is
    /// exact), eʳ by its Taylor series to r¹⁴/14! in Horner's form over the constants 1/n! (multiply-adds, no division: the
    /// sampling loops call this once per category and item), and the result scaled by 2ᵏ (exact). 0 below −746, +∞ above 710.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Exp(double x)
    {
        if (double.IsNaN(x)) return x;
        if (x < -746) return 0;
        if (x > 710) return double.PositiveInfinity;
        var k = Math.Round(x / Ln2);
        var r = x - k * Ln2High - k * Ln2Low;
        var series = InverseFactorials[^1];
        for (var n = InverseFactorials.Length - 2; n >= 0; n--) series = InverseFactorials[n] + r * series;
        return Math.ScaleB(series, (int)k);
    }

    /// <summary>s = (m − 1)/(m + 1) for x = m·2ᵉ with m ∈ [√½, √2): ln x = e·ln 2 + 2·atanh(s).</summary>
    private static double Reduce(double x, out int exponent)
    {
        if (!(x > 0) || double.IsPositiveInfinity(x))
            throw new ArgumentOutOfRangeException(nameof(x), x, "Log takes a positive finite number.");
        double mantissa;
        var bits = BitConverter.DoubleToInt64Bits(x);
        var biased = (int)(bits >> 52) & 0x7FF;
        if (biased != 0)
        {
            // A normal number: the exponent and mantissa fields as they are (what ILogB and ScaleB give, without their cost).
            exponent = biased - 1023;
            mantissa = BitConverter.Int64BitsToDouble((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
        }
        else
        {
            exponent = Math.ILogB(x);
            mantissa = Math.ScaleB(x, -exponent); // in [1, 2), exact
        }
        if (mantissa >= Sqrt2)
        {
            mantissa *= 0.5;
            exponent++;
        }
        return (mantissa - 1) / (mantissa + 1); // |s| ≤ 0.1716, s² ≤ 0.0295
    }
}
