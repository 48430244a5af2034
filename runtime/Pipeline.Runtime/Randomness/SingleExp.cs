using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// e^x in single precision, on <see cref="Vector{T}"/> lanes and on one float with the same IEEE operations in the same
/// order (no fused multiply-adds), so a value gets the same bits in either form, on every platform, and whatever the
/// vector width. It is what a flow's inverse couplings and inverse logit use (the sampler's weights take
/// <see cref="Exp2"/>, less than half the work):
/// .NET's <see cref="Vector.Exp(Vector{float})"/> widens to double and took three times the time of everything else in a
/// coupling's update, and like every <see cref="Vector{T}"/> method of the runtime libraries it runs unoptimized for its
/// first calls (a flow's first samples). <see cref="InRange{TLanes}"/> is the vector form on lanes of any width.
/// </summary>
/// <remarks>
/// The classic single-precision reduction (Cody and Waite; Moshier's Cephes expf): n = ⌊x·log₂e + ½⌋,
/// r = x − n·ln 2 with ln 2 in two parts (r ∈ [−ln2/2, ln2/2]), e^r ≈ 1 + r + r²·P(r) with P of degree 5, then the
/// result times 2ⁿ (an exact product: AVX-512 scales by it, other vectors and one float write n + 127 into a float's
/// exponent bits). Within 2 ulp of e^x (the tests check it against
/// double precision). Vectors with a lane outside [−87, 88] (where 2ⁿ leaves the normal floats), or NaN, take the
/// scalar form, which scales by 2ⁿ in two halves and gives ∞ above ln(float.MaxValue) and 0 far below.
/// </remarks>
internal static class SingleExp
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;             // ln 2 = Ln2High + Ln2Low; Ln2High has 9 significant bits, so n·Ln2High is exact
    private const float Ln2Low = -2.12194440e-4f;
    private const float P0 = 1.9875691500e-4f, P1 = 1.3981999507e-3f, P2 = 8.3334519073e-3f,
                        P3 = 4.1665795894e-2f, P4 = 1.6666665459e-1f, P5 = 5.0000001201e-1f;
    private const float VectorLow = -87, VectorHigh = 88;
    private const float Overflow = 88.72283905f;            // ln(float.MaxValue)
    private const float Underflow = -103.97208f;            // below it e^x rounds to 0

    /// <summary>e^x for one float: the same bits as a lane of <see cref="Exp(Vector{float})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Exp(float x)
    {
        if (float.IsNaN(x)) return x;
        if (x > Overflow) return float.PositiveInfinity;
        if (x < Underflow) return 0;
        var n = MathF.Floor(x * Log2E + 0.5f);
        if (x >= VectorLow && x <= VectorHigh) return Reduced(x, n) * BitConverter.Int32BitsToSingle(((int)n + 127) << 23);
        // 2ⁿ in two halves, each a normal float: n ∈ [−150, 128].
        var half = (int)n / 2;
        return Reduced(x, n) * BitConverter.Int32BitsToSingle((half + 127) << 23) * BitConverter.Int32BitsToSingle(((int)n - half + 127) << 23);
    }

    /// <summary>e^x on each lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Vector<float> Exp(Vector<float> x) => Exp(new VectorSingleLanes(x)).Lanes;

    /// <summary>e^x on each lane, on vectors of any width: lanes in [−87, 88] all at once, else one by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes Exp<TLanes>(TLanes x) where TLanes : struct, ISingleLanes<TLanes> =>
        TLanes.AllWithin(x, VectorLow, VectorHigh) ? InRange(x) : Lanewise(x);

    /// <summary>
    /// e^x of lanes in [−87, 88], on vectors of any width: the same bits as <see cref="Exp(float)"/> there; other lanes
    /// get the processor's own garbage, for callers that never make them (<see cref="Exp{TLanes}"/> takes such vectors
    /// lane by lane).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TLanes InRange<TLanes>(TLanes x) where TLanes : struct, ISingleLanes<TLanes>
    {
        var n = TLanes.Floor(x * TLanes.Create(Log2E) + TLanes.Create(0.5f));
        var r = x - n * TLanes.Create(Ln2High) - n * TLanes.Create(Ln2Low);
        var p = TLanes.Create(P0) * r + TLanes.Create(P1);
        p = p * r + TLanes.Create(P2);
        p = p * r + TLanes.Create(P3);
        p = p * r + TLanes.Create(P4);
        p = p * r + TLanes.Create(P5);
        return TLanes.ScaleByPowerOfTwo(p * (r * r) + r + TLanes.Create(1), n);
    }

    /// <summary>e^r of the reduced argument r = x − n·ln 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Reduced(float x, float n)
    {
        var r = x - n * Ln2High - n * Ln2Low;
        return ((((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5) * (r * r) + r) + 1;
    }

    private static TLanes Lanewise<TLanes>(TLanes x) where TLanes : struct, ISingleLanes<TLanes>
    {
        Span<float> lanes = stackalloc float[TLanes.Count];
        x.Store(lanes);
        for (var i = 0; i < lanes.Length; i++) lanes[i] = Exp(lanes[i]);
        return TLanes.Load(lanes);
    }
}
