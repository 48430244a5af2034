using System.Numerics;
using System.Runtime.CompilerServices;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Flows;

/// <summary>
/// The element-wise arithmetic of a flow's sampling pass on <see cref="Vector{T}"/>s (SIMD registers), with a scalar tail:
/// at batch 64 a RealNVP sample does about a million of these per call, and in scalar code they cost 15% of its networks' time.
/// </summary>
internal static class VectorMath
{
    /// <summary>values ← values · scale + shift.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(Span<float> values, float scale, float shift)
    {
        if (Vector512SingleLanes.IsHardwareAccelerated) MultiplyAdd<Vector512SingleLanes>(values, scale, shift);
        else MultiplyAdd<VectorSingleLanes>(values, scale, shift);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void MultiplyAdd<TLanes>(Span<float> values, float scale, float shift) where TLanes : struct, ISingleLanes<TLanes>
    {
        var (p, count) = (0, TLanes.Count);
        if (TLanes.IsHardwareAccelerated)
            for (; p <= values.Length - count; p += count)
                (TLanes.Load(values.Slice(p)) * TLanes.Create(scale) + TLanes.Create(shift)).Store(values.Slice(p));
        for (; p < values.Length; p++) values[p] = values[p] * scale + shift;
    }

    /// <summary>product ← a ⊙ b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> product)
    {
        if (Vector512SingleLanes.IsHardwareAccelerated) Multiply<Vector512SingleLanes>(a, b, product);
        else Multiply<VectorSingleLanes>(a, b, product);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Multiply<TLanes>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> product) where TLanes : struct, ISingleLanes<TLanes>
    {
        var (p, count) = (0, TLanes.Count);
        if (TLanes.IsHardwareAccelerated)
            for (; p <= a.Length - count; p += count) (TLanes.Load(a.Slice(p)) * TLanes.Load(b.Slice(p))).Store(product.Slice(p));
        for (; p < a.Length; p++) product[p] = a[p] * b[p];
    }

    /// <summary>
    /// x ← exp(s) ⊙ x + m where <paramref name="mask"/> is 0, x unchanged where it is 1 (the inverse affine coupling). A kept
    /// entry's s is never used, so an s that overflows there cannot turn it into NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AffineWhereZero(Span<float> x, ReadOnlySpan<float> mask, ReadOnlySpan<float> s, ReadOnlySpan<float> m) =>
        AffinePass(x, mask, s, m, 1, 0, default, default, moveAfter: false);

    /// <summary>
    /// One channel plane of an inverse coupling and the inverse act-norm before it in the flow, in one pass:
    /// x ← exp(s) ⊙ x + m where <paramref name="mask"/> is 0 (<see cref="AffineWhereZero"/>), then x ← x·scale + shift
    /// (<see cref="MultiplyAdd"/>), then, when <paramref name="nextInput"/> is not empty, the next coupling's network input
    /// x ⊙ <paramref name="nextMask"/> (<see cref="Multiply"/>): the same operations, so the same bits, with x read and
    /// written once instead of three times.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AffineThenMultiplyAdd(Span<float> x, ReadOnlySpan<float> mask, ReadOnlySpan<float> s, ReadOnlySpan<float> m,
                                             float scale, float shift, ReadOnlySpan<float> nextMask, Span<float> nextInput) =>
        AffinePass(x, mask, s, m, scale, shift, nextMask, nextInput, moveAfter: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AffinePass(Span<float> x, ReadOnlySpan<float> mask, ReadOnlySpan<float> s, ReadOnlySpan<float> m,
                                   float scale, float shift, ReadOnlySpan<float> nextMask, Span<float> nextInput, bool moveAfter)
    {
        if (Vector512SingleLanes.IsHardwareAccelerated) AffinePass<Vector512SingleLanes>(x, mask, s, m, scale, shift, nextMask, nextInput, moveAfter);
        else AffinePass<VectorSingleLanes>(x, mask, s, m, scale, shift, nextMask, nextInput, moveAfter);
    }

    /// <summary>
    /// The pass on lanes of any width; with <paramref name="moveAfter"/> false, the coupling alone (no act-norm, no next
    /// input: <see cref="AffineWhereZero"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]      // a call of its own, for the JIT's inlining budget (see DrawVectors)
    internal static void AffinePass<TLanes>(Span<float> x, ReadOnlySpan<float> mask, ReadOnlySpan<float> s, ReadOnlySpan<float> m,
                                    float scale, float shift, ReadOnlySpan<float> nextMask, Span<float> nextInput, bool moveAfter)
        where TLanes : struct, ISingleLanes<TLanes>
    {
        var (p, count) = (0, TLanes.Count);
        var next = !nextInput.IsEmpty;
        if (TLanes.IsHardwareAccelerated)
            for (; p <= x.Length - count; p += count)
            {
                var values = TLanes.Load(x.Slice(p));
                var free = TLanes.IsZero(TLanes.Load(mask.Slice(p)));
                if (!TLanes.IsNone(free))
                {
                    var logScale = TLanes.Select(free, TLanes.Load(s.Slice(p)), TLanes.Create(0));
                    values = TLanes.Select(free, SingleExp.Exp(logScale) * values + TLanes.Load(m.Slice(p)), values);
                }
                else if (!moveAfter) continue;                      // all kept (a channel mask's kept half)
                if (moveAfter) values = values * TLanes.Create(scale) + TLanes.Create(shift);
                values.Store(x.Slice(p));
                if (next) (values * TLanes.Load(nextMask.Slice(p))).Store(nextInput.Slice(p));
            }
        for (; p < x.Length; p++)
        {
            var value = mask[p] == 0 ? SingleExp.Exp(s[p]) * x[p] + m[p] : x[p];
            if (moveAfter) value = value * scale + shift;
            x[p] = value;
            if (next) nextInput[p] = value * nextMask[p];
        }
    }

    /// <summary>
    /// x ← (σ(y) − α)/(1 − 2α), clamped to [0, 1]: the inverse of the logit transform of image flows. Returns whether every
    /// x is a number (a NaN in y is the only way to another: ±∞ gives 0 or 1), found in the same pass, so a sample's
    /// values are read once, not again for the check.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool InverseLogit(ReadOnlySpan<float> y, Span<float> x, float alpha)
    {
        var p = 0;
        var range = 1 - 2 * alpha;
        var numbers = true;
        if (Vector.IsHardwareAccelerated)
        {
            var (one, alphas, ranges) = (Vector<float>.One, new Vector<float>(alpha), new Vector<float>(range));
            var equal = Vector<int>.AllBitsSet;                     // lanes equal to themselves so far: not NaN
            for (; p <= y.Length - Vector<float>.Count; p += Vector<float>.Count)
            {
                var sigmoid = one / (one + SingleExp.Exp(-new Vector<float>(y.Slice(p))));
                var value = Vector.Clamp((sigmoid - alphas) / ranges, Vector<float>.Zero, one);
                value.CopyTo(x.Slice(p));
                equal &= Vector.Equals(value, value);
            }
            numbers = equal == Vector<int>.AllBitsSet;
        }
        for (; p < y.Length; p++)
        {
            x[p] = Math.Clamp((1 / (1 + SingleExp.Exp(-y[p])) - alpha) / range, 0, 1);
            numbers &= !float.IsNaN(x[p]);
        }
        return numbers;
    }
}
