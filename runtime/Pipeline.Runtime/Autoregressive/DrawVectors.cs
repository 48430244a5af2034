using System.Numerics;
using System.Runtime.CompilerServices;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// The element-by-element parts of <see cref="CategoricalDraw"/> on SIMD vectors: each lane does the IEEE operation one
/// element would (a widening is exact, a narrowing and a division round once to nearest), so the results are bit for bit
/// those of the scalar loops. Spans of one item's K categories; the tail past the last whole vector goes element by element.
/// </summary>
internal static class DrawVectors
{
    /// <summary>
    /// The largest value, as <c>Math.Max</c> over them all would give it: NaN when there is one, and +0 over −0. Those two
    /// cases (and a largest value of zero) are settled element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Max(ReadOnlySpan<float> values)
    {
        var (i, max) = (0, float.NegativeInfinity);
        if (Vector.IsHardwareAccelerated && values.Length >= Vector<float>.Count)
        {
            var (lanes, ordered) = (new Vector<float>(float.NegativeInfinity), true);
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var v = new Vector<float>(values.Slice(i));
                ordered &= Vector.EqualsAll(v, v);              // false from a NaN on
                lanes = Vector.Max(lanes, v);
            }
            for (var lane = 0; lane < Vector<float>.Count; lane++) max = Math.Max(max, lanes[lane]);
            if (!ordered || max == 0) return ScalarMax(values);
        }
        for (; i < values.Length; i++) max = Math.Max(max, values[i]);
        return max;
    }

    /// <summary>target[k] = (values[k] − max) / divisor, in double (no division when <paramref name="divisor"/> is 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Difference(ReadOnlySpan<float> values, double max, double divisor, Span<double> target)
    {
        var (i, divide) = (0, divisor != 1);
        if (Vector.IsHardwareAccelerated)
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(values.Slice(i)), out var low, out var high);
                (low, high) = (low - new Vector<double>(max), high - new Vector<double>(max));
                if (divide) (low, high) = (low / new Vector<double>(divisor), high / new Vector<double>(divisor));
                low.CopyTo(target.Slice(i));
                high.CopyTo(target.Slice(i + Vector<double>.Count));
            }
        for (; i < values.Length; i++) target[i] = divide ? (values[i] - max) / divisor : values[i] - max;
    }

    /// <summary>weights[i] = (float)<see cref="PortableMath.Exp"/>(x[i]): the exponential in double, then rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExpNarrow(ReadOnlySpan<double> x, Span<float> weights)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                var (low, high) = PortableMathVectors.Exp(new Vector<double>(x.Slice(i)), new Vector<double>(x.Slice(i + Vector<double>.Count)));
                Vector.Narrow(low, high).CopyTo(weights.Slice(i));
            }
        for (; i < x.Length; i++) weights[i] = (float)PortableMath.Exp(x[i]);
    }

    /// <summary>values[k] = (float)(values[k] / divisor), the division in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Divide(Span<float> values, double divisor)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            {
                Vector.Widen(new Vector<float>(values.Slice(i)), out var low, out var high);
                Vector.Narrow(low / new Vector<double>(divisor), high / new Vector<double>(divisor)).CopyTo(values.Slice(i));
            }
        for (; i < values.Length; i++) values[i] = (float)(values[i] / divisor);
    }

    /// <summary>The first k with values[k] &gt; <paramref name="threshold"/>, or −1 (NaN is above nothing).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FirstAbove(ReadOnlySpan<double> values, double threshold)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
            for (; i <= values.Length - Vector<double>.Count; i += Vector<double>.Count)
                if (Vector.GreaterThanAny(new Vector<double>(values.Slice(i)), new Vector<double>(threshold))) break;
        for (; i < values.Length; i++)
            if (values[i] > threshold) return i;
        return -1;
    }

    private static double ScalarMax(ReadOnlySpan<float> values)
    {
        var max = double.NegativeInfinity;
        foreach (var value in values) max = Math.Max(max, value);
        return max;
    }
}
