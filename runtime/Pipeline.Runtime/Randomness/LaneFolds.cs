using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// A vector's lanes folded into one by halves, in one fixed order whatever the width: the lower half with the upper half,
/// lane by lane, again and again down to one lane (s_i = v_i + v_{i+n/2}, …, s_0 + s_1). Each addition is one IEEE
/// addition, so a 16-lane vector's <see cref="Sum(Vector512{float})"/> has the bits of the same tree added element by
/// element. <see cref="Max(Vector512{float})"/> folds with the processor's own maximum, whose answer for a NaN or for
/// +0 against −0 depends on the platform: callers settle those cases themselves.
/// </summary>
internal static class LaneFolds
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> v) => Sum(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> v) => Sum(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector128<float> v)
    {
        var pairs = v + Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));      // v₀ + v₂, v₁ + v₃
        return pairs.ToScalar() + pairs.GetElement(1);
    }

    /// <summary>The same tree over values in memory, of any power-of-two length, for vectors of other widths: it adds into <paramref name="values"/> (they are overwritten).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Span<float> values)
    {
        for (var half = values.Length / 2; half > 0; half /= 2)
            for (var i = 0; i < half; i++) values[i] += values[i + half];
        return values[0];
    }

    /// <summary>
    /// <see cref="Sum(Vector512{float})"/> of up to 16 vectors at once, <paramref name="blocks"/>' values taken 16 at a
    /// time (a multiple of 16 of them, at most 256), into one vector in their order, +0 for blocks past the end: the same
    /// additions lane for lane, the vectors' halves paired across two vectors by shuffles (<c>vshuff32x4</c>, then
    /// <c>vshufps</c>) so that every addition does 16 useful lanes. Its 15 additions and 31 shuffles replace 16 folds of
    /// 9 operations each. For AVX-512 processors only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sums(ReadOnlySpan<float> blocks)
    {
        // 1. Lanes l + l+8: blocks 2i and 2i+1 into one vector, [block 2i's 8 sums, block 2i+1's 8].
        var (c0, c1, c2, c3) = (Eighths(blocks, 0), Eighths(blocks, 1), Eighths(blocks, 2), Eighths(blocks, 3));
        var (c4, c5, c6, c7) = (Eighths(blocks, 4), Eighths(blocks, 5), Eighths(blocks, 6), Eighths(blocks, 7));
        // 2. Lanes l + l+4 of each 8: [blocks 4i … 4i+3, 4 sums each].
        var (g0, g1, g2, g3) = (Quarters(c0, c1), Quarters(c2, c3), Quarters(c4, c5), Quarters(c6, c7));
        // 3. Lanes l + l+2 of each 4, within 128-bit quarters: quarter q holds 2 sums of blocks 8i + q and 8i + 4 + q.
        var (m0, m1) = (Avx512F.Shuffle(g0, g1, 0x44) + Avx512F.Shuffle(g0, g1, 0xEE), Avx512F.Shuffle(g2, g3, 0x44) + Avx512F.Shuffle(g2, g3, 0xEE));
        // 4. Lanes l + l+1: lane 4q + r holds block 4r + q's sum; a permutation puts block b in lane b.
        var sums = Avx512F.Shuffle(m0, m1, 0x88) + Avx512F.Shuffle(m0, m1, 0xDD);
        return Avx512F.PermuteVar16x32(sums, Vector512.Create(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<float> Eighths(ReadOnlySpan<float> blocks, int i)
        {
            var a = 32 * i < blocks.Length ? Vector512.Create(blocks.Slice(32 * i)) : Vector512<float>.Zero;
            var b = 32 * i + 16 < blocks.Length ? Vector512.Create(blocks.Slice(32 * i + 16)) : Vector512<float>.Zero;
            return Avx512F.Shuffle4x128(a, b, 0x44) + Avx512F.Shuffle4x128(a, b, 0xEE);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static Vector512<float> Quarters(Vector512<float> a, Vector512<float> b) => Avx512F.Shuffle4x128(a, b, 0x88) + Avx512F.Shuffle4x128(a, b, 0xDD);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(Vector512<float> v) => Max(Vector256.MaxNative(v.GetLower(), v.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(Vector256<float> v) => Max(Vector128.MaxNative(v.GetLower(), v.GetUpper()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(Vector128<float> v)
    {
        var pairs = Vector128.MaxNative(v, Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1)));
        return Vector128.MaxNative(pairs, Vector128.Shuffle(pairs, Vector128.Create(1, 0, 3, 2))).ToScalar();
    }

    /// <summary>The largest of values in memory, for vectors of other widths (a NaN or ±0 answer as loosely as the vectors').</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(Span<float> values)
    {
        var max = values[0];
        foreach (var value in values[1..]) max = value > max ? value : max;
        return max;
    }
}
