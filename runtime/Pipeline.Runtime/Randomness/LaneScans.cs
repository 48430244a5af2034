using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// Running sums of 16 floats in one fixed order whatever the width (Hillis and Steele's scan): each of four rounds adds to
/// every value the one 1, 2, 4, then 8 places before it (+0 where there is none), all from the previous round. So
/// s_j = Σ_{i ≤ j} v_i by a tree of at most four additions per value, four dependent steps instead of fifteen, and on
/// AVX-512 a round is one shift of the lanes and one addition. Of values ≥ 0 the sums rise with j, so the first one past a
/// threshold is found by comparing all sixteen at once.
/// </summary>
internal static class LaneScans
{
    public const int Count = 16;

    /// <summary>The running sums of <paramref name="values"/>' 16 values, in place.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void InclusiveSum(Span<float> values)
    {
        values = values[..Count];
        if (Avx512F.IsSupported) InclusiveSum(Vector512.Create(values)).CopyTo(values);
        else ElementByElement(values);
    }

    /// <summary>The running sums of a 512-bit vector's lanes: valignd shifts them up (zeros in), then an addition, four times.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> InclusiveSum(Vector512<float> v)
    {
        var zero = Vector512<uint>.Zero;
        v += Avx512F.AlignRight32(v.AsUInt32(), zero, Count - 1).AsSingle();
        v += Avx512F.AlignRight32(v.AsUInt32(), zero, Count - 2).AsSingle();
        v += Avx512F.AlignRight32(v.AsUInt32(), zero, Count - 4).AsSingle();
        return v + Avx512F.AlignRight32(v.AsUInt32(), zero, Count - 8).AsSingle();
    }

    /// <summary>The same rounds element by element (the definition, and the form for processors without AVX-512).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ElementByElement(Span<float> values)
    {
        for (var distance = 1; distance < Count; distance *= 2)
            for (var j = Count - 1; j >= 0; j--) values[j] += j >= distance ? values[j - distance] : 0f;     // downwards: each reads the previous round
    }
}
