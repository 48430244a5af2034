using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
