using System.Runtime.CompilerServices;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// 2^y in single precision for y ≥ −126 (the sampler's categorical weights: 16,384 of them a position at batch 64), on
/// vectors of any width and on one float with the same IEEE operations in the same order, fused multiply-adds included,
/// so a value gets the same bits in either form, on every platform. A reduction to the nearest whole power and a
/// polynomial of degree five: eight operations a vector on AVX-512, where <see cref="SingleExp"/>'s natural-base reduction
/// takes ln 2 in two parts. Within 2 ulp of 2^y (the tests check it against double precision); +∞ where 2^y passes the
/// largest float; NaN for NaN and +∞.
/// </summary>
/// <remarks>
///   1. n = round(y), to the nearest whole number, ties to even, and f = y − n ∈ [−½, ½] (exact);
///   2. 2^f ≈ 1 + f·(c₁ + f·(c₂ + f·(c₃ + f·(c₄ + f·c₅)))), five fused multiply-adds: the coefficients minimise the
///      largest relative error over [−½, ½] (Lawson's iteration on a weighted least-squares fit), 9e−8;
///   3. 2^y = 2^f · 2ⁿ, the product exact while it is a normal float (AVX-512's <c>vscalefps</c>, else two exact
///      powers of two: <see cref="ISingleLanes{TSelf}.ScaleByPowerOfTwo"/>), rounded to +∞ above it.
/// </remarks>
internal static class Exp2
{
    private const float C1 = 0.6931470036506653f, C2 = 0.24022242426872253f, C3 = 0.05550733953714371f,
                        C4 = 0.009671522304415703f, C5 = 0.0013264742447063327f;

    /// <summary>2^y of one float, y ≥ −126 (or NaN): the same bits as a lane of <see cref="Of{TLanes}"/>.</summary>
    public static float Of(float y)
    {
        var n = MathF.Round(y);
        var f = y - n;
        var p = MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(MathF.FusedMultiplyAdd(
            C5, f, C4), f, C3), f, C2), f, C1), f, 1);
        return ScaleByPowerOfTwo(p, n);
    }

    /// <summary>2^y on each lane ≥ −126; lanes below it get the processor's own garbage, for callers that clear them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Of<TLanes>(TLanes y) where TLanes : struct, ISingleLanes<TLanes>
    {
        var n = TLanes.Round(y);
        var f = y - n;
        var p = TLanes.FusedMultiplyAdd(TLanes.FusedMultiplyAdd(TLanes.FusedMultiplyAdd(TLanes.FusedMultiplyAdd(TLanes.FusedMultiplyAdd(
            TLanes.Create(C5), f, TLanes.Create(C4)), f, TLanes.Create(C3)), f, TLanes.Create(C2)), f, TLanes.Create(C1)), f, TLanes.Create(1));
        return TLanes.ScaleByPowerOfTwo(p, n);
    }

    /// <summary>
    /// value · 2^⌊k⌋ as <c>vscalefps</c> gives it where the result is a normal float or past the largest: two exact
    /// powers of two, each half of ⌊k⌋ (clamped to [−252, 254], where both halves are normal), the first product exact,
    /// the second rounded once. The vector lanes' portable form (<see cref="ISingleLanes{TSelf}.ScaleByPowerOfTwo"/>).
    /// </summary>
    public static float ScaleByPowerOfTwo(float value, float k)
    {
        var n = (int)Math.Clamp(MathF.Floor(k), -252, 254);         // NaN: any n, the value is NaN anyway
        var half = n >> 1;
        return value * PowerOfTwo(half) * PowerOfTwo(n - half);
    }

    /// <summary>2^m for m in [−126, 127]: m + 127 written into a float's exponent field.</summary>
    private static float PowerOfTwo(int m) => BitConverter.Int32BitsToSingle((m + 127) << 23);
}
