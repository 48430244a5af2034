using System.Runtime.CompilerServices;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// e^x for x in [−87, 0] by a table of the sixteen powers 2^(j/16) and a cubic (Tang's table-driven method), on vectors of
/// any width and on one float with the same IEEE operations in the same order, fused multiply-adds included, so a value
/// gets the same bits in either form, on every platform. It is the sampler's categorical weights: they are 16,384
/// exponentials a position at batch 64 against a step network of a tenth of a millisecond. <see cref="SingleExp"/>'s
/// reduction by ln 2 needs a polynomial of degree seven in a chain of some twenty dependent operations; here the chain
/// is nine long and the lanes' work half of it. Within 2 ulp of e^x (the tests check it against double precision).
/// </summary>
/// <remarks>
/// With k = round(16·x·log₂e) and r = x − k·ln2/16 (|r| ≤ ln2/32, ln 2 in two parts):
/// e^x = 2^⌊k/16⌋ · 2^((k mod 16)/16) · e^r, and e^r − 1 ≈ r + r²(1/2 + r/6) within 1e−8 of it.
///   1. t = x·log₂e + 1.5·2¹⁹, rounded once: a float whose last bit is worth 1/16, so t = 1.5·2¹⁹ + k/16 and the low
///      bits of t are k mod 16;
///   2. k/16 = t − 1.5·2¹⁹ (exact), r = x − (k/16)·ln2_hi − (k/16)·ln2_lo, each a fused multiply-add;
///   3. T = 2^((k mod 16)/16) from the table (rounded to the nearest float), q = r + r²(1/2 + r/6);
///   4. e^x = (T + T·q) · 2^⌊k/16⌋, the last product exact (the result is a normal float for x ≥ −87).
/// </remarks>
internal static class TableExp
{
    private const float Shifter = 786432f;                       // 1.5·2¹⁹: its float neighbours are 1/16 apart
    private const float Log2E = 1.44269502f;
    private const float Ln2High = 0.693147182f, Ln2Low = -1.90465421e-09f;
    private const float Half = 0.5f, Sixth = 0.166666672f;

    /// <summary>2^(j/16) for j = 0..15, each the float nearest to it (their bits, so no platform's pow decides them).</summary>
    private static ReadOnlySpan<float> Sixteenths =>
    [
        1.0f, 1.04427373f, 1.09050775f, 1.13878858f, 1.18920708f, 1.24185777f, 1.29683959f, 1.35425556f,
        1.41421354f, 1.47682619f, 1.54221082f, 1.61049032f, 1.68179286f, 1.75625217f, 1.83400810f, 1.91520655f,
    ];

    /// <summary>e^x of one float in [−87, 0] (any x where the result is a normal float): the same bits as a lane of <see cref="Exp{TLanes}"/>.</summary>
    public static float Exp(float x)
    {
        var t = MathF.FusedMultiplyAdd(x, Log2E, Shifter);
        var k = t - Shifter;
        var r = MathF.FusedMultiplyAdd(k, -Ln2Low, MathF.FusedMultiplyAdd(k, -Ln2High, x));
        var q = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(Sixth, r, Half), r * r, r);
        var table = Sixteenths[BitConverter.SingleToInt32Bits(t) & 15];
        return MathF.FusedMultiplyAdd(table, q, table) * BitConverter.Int32BitsToSingle(((int)MathF.Floor(k) + 127) << 23);
    }

    /// <summary>e^x on each lane in [−87, 0]; lanes out of it get the processor's own garbage, for callers that clear them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Exp<TLanes>(TLanes x) where TLanes : struct, ISingleLanes<TLanes>
    {
        var t = TLanes.FusedMultiplyAdd(x, TLanes.Create(Log2E), TLanes.Create(Shifter));
        var k = t - TLanes.Create(Shifter);
        var r = TLanes.FusedMultiplyAdd(k, TLanes.Create(-Ln2Low), TLanes.FusedMultiplyAdd(k, TLanes.Create(-Ln2High), x));
        var q = TLanes.FusedMultiplyAdd(TLanes.FusedMultiplyAdd(TLanes.Create(Sixth), r, TLanes.Create(Half)), r * r, r);
        var table = TLanes.LookUp(Sixteenths, t);
        return TLanes.ScaleByPowerOfTwo(TLanes.FusedMultiplyAdd(table, q, table), k);
    }
}
