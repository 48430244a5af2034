using System.Numerics;
using System.Runtime.CompilerServices;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// The element-by-element parts of <see cref="CategoricalDraw"/> on SIMD vectors: each lane does the IEEE operation one
/// element would (a widening is exact, a narrowing and a division round once to nearest), so the results are bit for bit
/// those of the scalar loops. Spans of one or more items' categories; the tail past the last whole vector goes element by
/// element.
/// The parts in double run on 512-bit vectors where the processor has them (<see cref="Vector512Lanes"/>), else on
/// <c>Vector&lt;double&gt;</c>: their generic forms take the width, so tests run both.
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
        if (Vector512Lanes.IsHardwareAccelerated) Difference<Vector512Lanes>(values, max, divisor, target);
        else Difference<VectorLanes>(values, max, divisor, target);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Difference<TLanes>(ReadOnlySpan<float> values, double max, double divisor, Span<double> target) where TLanes : struct, IDoubleLanes<TLanes>
    {
        var (i, count, divide) = (0, TLanes.Count, divisor != 1);
        if (TLanes.IsHardwareAccelerated)
            for (; i <= values.Length - 2 * count; i += 2 * count)
            {
                var (low, high) = TLanes.LoadWidened(values.Slice(i));
                (low, high) = (low - TLanes.Create(max), high - TLanes.Create(max));
                if (divide) (low, high) = (low / TLanes.Create(divisor), high / TLanes.Create(divisor));
                low.Store(target.Slice(i));
                high.Store(target.Slice(i + count));
            }
        for (; i < values.Length; i++) target[i] = divide ? (values[i] - max) / divisor : values[i] - max;
    }

    /// <summary>weights[i] = (float)<see cref="PortableMath.Exp"/>(x[i]): the exponential in double, then rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void ExpNarrow(ReadOnlySpan<double> x, Span<float> weights)
    {
        if (Vector512Lanes.IsHardwareAccelerated) ExpNarrow<Vector512Lanes>(x, weights);
        else ExpNarrow<VectorLanes>(x, weights);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void ExpNarrow<TLanes>(ReadOnlySpan<double> x, Span<float> weights) where TLanes : struct, IDoubleLanes<TLanes>
    {
        var (i, count) = (0, TLanes.Count);
        if (TLanes.IsHardwareAccelerated)
            for (; i <= x.Length - 2 * count; i += 2 * count)
            {
                var (low, high) = PortableMathVectors.Exp(TLanes.Load(x.Slice(i)), TLanes.Load(x.Slice(i + count)));
                TLanes.StoreNarrowed(low, high, weights.Slice(i));
            }
        for (; i < x.Length; i++) weights[i] = (float)PortableMath.Exp(x[i]);
    }

    /// <summary>values[k] = (float)(values[k] / divisor), the division in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Divide(Span<float> values, double divisor)
    {
        if (Vector512Lanes.IsHardwareAccelerated) Divide<Vector512Lanes>(values, divisor);
        else Divide<VectorLanes>(values, divisor);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Divide<TLanes>(Span<float> values, double divisor) where TLanes : struct, IDoubleLanes<TLanes>
    {
        var (i, count) = (0, TLanes.Count);
        if (TLanes.IsHardwareAccelerated)
            for (; i <= values.Length - 2 * count; i += 2 * count)
            {
                var (low, high) = TLanes.LoadWidened(values.Slice(i));
                TLanes.StoreNarrowed(low / TLanes.Create(divisor), high / TLanes.Create(divisor), values.Slice(i));
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
