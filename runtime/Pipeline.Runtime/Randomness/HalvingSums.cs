using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// The sum of a vector's lanes by halves, in one fixed order whatever the width: the lower half plus the upper half, lane
/// by lane, again and again down to one lane (s_i = v_i + v_{i+n/2}, …, s_0 + s_1). Each addition is one IEEE addition,
/// so a 16-lane vector's sum has the bits of the same tree added element by element.
/// </summary>
internal static class HalvingSums
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Of(Vector512<float> v) => Of(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Of(Vector256<float> v) => Of(v.GetLower() + v.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Of(Vector128<float> v)
    {
        var pairs = v + Vector128.Shuffle(v, Vector128.Create(2, 3, 0, 1));      // v₀ + v₂, v₁ + v₃
        return pairs.ToScalar() + pairs.GetElement(1);
    }

    /// <summary>The same tree over values in memory, of any power-of-two length: for vectors of other widths.</summary>
    public static float Of(Span<float> values)
    {
        for (var half = values.Length / 2; half > 0; half /= 2)
            for (var i = 0; i < half; i++) values[i] += values[i + half];
        return values[0];
    }
}
