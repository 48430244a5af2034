namespace Pipeline.Runtime.Randomness;

/// <summary>
/// Functions computed with IEEE +, −, ×, ÷ only, so their results are the same bits on every platform
/// (Math.Log calls the C library, whose last bit may differ between systems).
/// </summary>
public static class PortableMath
{
    private const double Ln2 = 0.6931471805599453094;
    private const double Sqrt2 = 1.4142135623730950488;

    /// <summary>
    /// The natural logarithm of a positive finite <paramref name="x"/>, within about 2 ulp of the exact value.
    /// ln x = e·ln 2 + ln m with x = m·2ᵉ, m ∈ [√½, √2), and ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …), s = (m−1)/(m+1).
    /// </summary>
    public static double Log(double x)
    {
        if (!(x > 0) || double.IsPositiveInfinity(x))
            throw new ArgumentOutOfRangeException(nameof(x), x, "Log takes a positive finite number.");
        var exponent = Math.ILogB(x);
        var mantissa = Math.ScaleB(x, -exponent); // in [1, 2), exact
        if (mantissa >= Sqrt2)
        {
            mantissa *= 0.5;
            exponent++;
        }
        var s = (mantissa - 1) / (mantissa + 1); // |s| ≤ 0.1716, s² ≤ 0.0295
        var s2 = s * s;
        // Σ s²ᵏ/(2k+1) for k = 0..12: the next term is below 2⁻⁶⁰ of the sum.
        var series = 1.0 / 25;
        for (var k = 11; k >= 0; k--) series = 1.0 / (2 * k + 1) + s2 * series;
        return exponent * Ln2 + 2 * s * series;
    }
}
