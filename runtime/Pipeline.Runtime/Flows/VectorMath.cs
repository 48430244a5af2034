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
        var p = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var (scales, shifts) = (new Vector<float>(scale), new Vector<float>(shift));
            for (; p <= values.Length - Vector<float>.Count; p += Vector<float>.Count)
            {
                var slice = values.Slice(p, Vector<float>.Count);
                (new Vector<float>(slice) * scales + shifts).CopyTo(slice);
            }
        }
        for (; p < values.Length; p++) values[p] = values[p] * scale + shift;
    }

    /// <summary>product ← a ⊙ b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> product)
    {
        var p = 0;
        if (Vector.IsHardwareAccelerated)
            for (; p <= a.Length - Vector<float>.Count; p += Vector<float>.Count)
                (new Vector<float>(a.Slice(p)) * new Vector<float>(b.Slice(p))).CopyTo(product.Slice(p));
        for (; p < a.Length; p++) product[p] = a[p] * b[p];
    }

    /// <summary>
    /// x ← exp(s) ⊙ x + m where <paramref name="mask"/> is 0, x unchanged where it is 1 (the inverse affine coupling). A kept
    /// entry's s is never used, so an s that overflows there cannot turn it into NaN.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AffineWhereZero(Span<float> x, ReadOnlySpan<float> mask, ReadOnlySpan<float> s, ReadOnlySpan<float> m)
    {
        var p = 0;
        if (Vector.IsHardwareAccelerated)
            for (; p <= x.Length - Vector<float>.Count; p += Vector<float>.Count)
            {
                var free = Vector.Equals(new Vector<float>(mask.Slice(p)), Vector<float>.Zero);
                if (free == Vector<int>.Zero) continue;                 // all kept (a channel mask's kept half)
                var slice = x.Slice(p, Vector<float>.Count);
                var values = new Vector<float>(slice);
                var logScale = Vector.ConditionalSelect(free, new Vector<float>(s.Slice(p)), Vector<float>.Zero);
                Vector.ConditionalSelect(free, SingleExp.Exp(logScale) * values + new Vector<float>(m.Slice(p)), values).CopyTo(slice);
            }
        for (; p < x.Length; p++)
            if (mask[p] == 0) x[p] = SingleExp.Exp(s[p]) * x[p] + m[p];
    }

    /// <summary>
    /// One channel plane of an inverse coupling and the inverse act-norm before it in the flow, in one pass:
    /// x ← exp(s) ⊙ x + m where <paramref name="mask"/> is 0 (<see cref="AffineWhereZero"/>), then x ← x·scale + shift
    /// (<see cref="MultiplyAdd"/>), then, when <paramref name="nextInput"/> is not empty, the next coupling's network input
    /// x ⊙ <paramref name="nextMask"/> (<see cref="Multiply"/>): the same operations, so the same bits, with x read and
    /// written once instead of three times.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AffineThenMultiplyAdd(Span<float> x, ReadOnlySpan<float> mask, ReadOnlySpan<float> s, ReadOnlySpan<float> m,
                                             float scale, float shift, ReadOnlySpan<float> nextMask, Span<float> nextInput)
    {
        var p = 0;
        var next = !nextInput.IsEmpty;
        if (Vector.IsHardwareAccelerated)
        {
            var (scales, shifts) = (new Vector<float>(scale), new Vector<float>(shift));
            for (; p <= x.Length - Vector<float>.Count; p += Vector<float>.Count)
            {
                var slice = x.Slice(p, Vector<float>.Count);
                var values = new Vector<float>(slice);
                var free = Vector.Equals(new Vector<float>(mask.Slice(p)), Vector<float>.Zero);
                if (free != Vector<int>.Zero)
                {
                    var logScale = Vector.ConditionalSelect(free, new Vector<float>(s.Slice(p)), Vector<float>.Zero);
                    values = Vector.ConditionalSelect(free, SingleExp.Exp(logScale) * values + new Vector<float>(m.Slice(p)), values);
                }
                values = values * scales + shifts;
                values.CopyTo(slice);
                if (next) (values * new Vector<float>(nextMask.Slice(p))).CopyTo(nextInput.Slice(p));
            }
        }
        for (; p < x.Length; p++)
        {
            var value = mask[p] == 0 ? SingleExp.Exp(s[p]) * x[p] + m[p] : x[p];
            x[p] = value = value * scale + shift;
            if (next) nextInput[p] = value * nextMask[p];
        }
    }

    /// <summary>y ← (σ(y) − α)/(1 − 2α), clamped to [0, 1]: the inverse of the logit transform of image flows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InverseLogit(Span<float> y, float alpha)
    {
        var p = 0;
        var range = 1 - 2 * alpha;
        if (Vector.IsHardwareAccelerated)
        {
            var (one, alphas, ranges) = (Vector<float>.One, new Vector<float>(alpha), new Vector<float>(range));
            for (; p <= y.Length - Vector<float>.Count; p += Vector<float>.Count)
            {
                var slice = y.Slice(p, Vector<float>.Count);
                var sigmoid = one / (one + SingleExp.Exp(-new Vector<float>(slice)));
                Vector.Clamp((sigmoid - alphas) / ranges, Vector<float>.Zero, one).CopyTo(slice);
            }
        }
        for (; p < y.Length; p++) y[p] = Math.Clamp((1 / (1 + SingleExp.Exp(-y[p])) - alpha) / range, 0, 1);
    }
}
