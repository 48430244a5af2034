using System.Runtime.CompilerServices;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// The element-by-element parts of <see cref="CategoricalDraw"/> on SIMD vectors (its sums: <see cref="CumulativeWeights"/>):
/// each lane does the IEEE operation one element would (a widening is exact, a narrowing and a division round once to nearest), so the results are bit for bit
/// those of the scalar loops. Spans of one item's categories (of a batch's items for the quotients); the tail past the
/// last whole vector goes element by element.
/// They run on 512-bit vectors where the processor has them (<see cref="Vector512SingleLanes"/>,
/// <see cref="Vector512Lanes"/>), else on <c>Vector&lt;T&gt;</c>: their generic forms take the width, so tests run every width.
/// </summary>
internal static class DrawVectors
{
    /// <summary>
    /// The largest value, as <c>Math.Max</c> over them all would give it: NaN when there is one, and +0 over −0. The
    /// vectors take the processor's own maximum, so those two cases (and a largest value of zero) are settled element by
    /// element: a NaN shows in the values' running sum (as does ∞ − ∞, which only costs the slower path).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(ReadOnlySpan<float> values) =>
        Vector512SingleLanes.IsHardwareAccelerated ? Max<Vector512SingleLanes>(values) : Max<VectorSingleLanes>(values);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float Max<TLanes>(ReadOnlySpan<float> values) where TLanes : struct, ISingleLanes<TLanes>
    {
        var (i, max) = (0, float.NegativeInfinity);
        if (TLanes.IsHardwareAccelerated && values.Length >= TLanes.Count)
        {
            // Four vectors abreast (four chains of maxima, not one), then one; their NaN shows in the sums either way.
            var (wide, wideSum) = Fold<FourVectorLanes<TLanes>>(values, ref i);
            var (narrow, narrowSum) = i <= values.Length - TLanes.Count ? Fold<TLanes>(values, ref i) : (float.NegativeInfinity, 0f);
            max = MathF.Max(wide, narrow);
            if (max == 0 || float.IsNaN(wideSum + narrowSum)) return ScalarMax(values);
        }
        for (; i < values.Length; i++) max = Math.Max(max, values[i]);
        return max;
    }

    /// <summary>The processor's maximum and the sum of the whole vectors from <paramref name="i"/> on, each folded to one value; moves <paramref name="i"/> past them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (float Max, float Sum) Fold<TVector>(ReadOnlySpan<float> values, ref int i) where TVector : struct, ISingleLanes<TVector>
    {
        var (lanes, sums) = (TVector.Create(float.NegativeInfinity), TVector.Create(0));
        for (; i <= values.Length - TVector.Count; i += TVector.Count)
        {
            var v = TVector.Load(values.Slice(i));
            sums += v;
            lanes = TVector.MaxNative(lanes, v);
        }
        return (TVector.HalvingMax(lanes), TVector.HalvingSum(sums));
    }

    /// <summary>Below this, a category's weight is 0 (e^x would be a subnormal float, where <see cref="TableExp"/> leaves off).</summary>
    public const float WeightLow = -87f;

    /// <summary>
    /// weights[k] = e^x with x = (logits[k] − max) / T (no division at T = 1) by <see cref="TableExp"/>, in single
    /// precision, or 0 where x &lt; −87: each category's weight, the largest logit's exactly 1. <paramref name="weights"/>
    /// may be <paramref name="logits"/>. Four vectors abreast (<see cref="FourVectorLanes{TLanes}"/>), then one, then
    /// element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Weights(ReadOnlySpan<float> logits, float max, float temperature, Span<float> weights) =>
        Weights(logits, new ReadOnlySpan<float>(in max), temperature, weights);

    /// <summary>
    /// <see cref="Weights(ReadOnlySpan{float}, float, float, Span{float})"/> of every row of <paramref name="logits"/>
    /// [N, K], row n with its own maximum <paramref name="maxima"/>[n], into <paramref name="weights"/> [N, K].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Weights(ReadOnlySpan<float> logits, ReadOnlySpan<float> maxima, float temperature, Span<float> weights)
    {
        if (Vector512SingleLanes.IsHardwareAccelerated) Weights<Vector512SingleLanes>(logits, maxima, temperature, weights);
        else Weights<VectorSingleLanes>(logits, maxima, temperature, weights);
    }

    /// <summary>
    /// <see cref="Weights(ReadOnlySpan{float}, ReadOnlySpan{float}, float, Span{float})"/> on <typeparamref name="TLanes"/>.
    /// The rows of a batch in one call: <see cref="CategoricalDraw.Draw"/> makes every item's weights before any item's
    /// sums. A call of its own, always: inlined into a caller, it overran the JIT's inlining budget there, and its own
    /// small operations became calls. A caller's tier-1 code with dynamic PGO that took in the dispatcher and this drew
    /// 10 times slower (a throwaway test calling the draw in a loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static void Weights<TLanes>(ReadOnlySpan<float> logits, ReadOnlySpan<float> maxima, float temperature, Span<float> weights) where TLanes : struct, ISingleLanes<TLanes>
    {
        var (k, count) = (logits.Length / maxima.Length, TLanes.Count);
        for (var n = 0; n < maxima.Length; n++)
        {
            var row = logits.Slice(n * k, k);
            var rowWeights = weights.Slice(n * k, k);
            var (max, i) = (maxima[n], 0);
            if (TLanes.IsHardwareAccelerated)
            {
                var wideMax = FourVectorLanes<TLanes>.Create(max);
                for (; i <= k - 4 * count; i += 4 * count)
                    Weight(FourVectorLanes<TLanes>.Load(row.Slice(i)), wideMax, temperature).Store(rowWeights.Slice(i));
                for (; i <= k - count; i += count) Weight(TLanes.Load(row.Slice(i)), TLanes.Create(max), temperature).Store(rowWeights.Slice(i));
            }
            for (; i < k; i++) rowWeights[i] = Weight(temperature != 1 ? (row[i] - max) / temperature : row[i] - max);
        }
    }

    /// <summary>The weights of a vector of logits: e^((logit − max) / T), 0 below −87.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes Weight<TLanes>(TLanes logits, TLanes max, float temperature) where TLanes : struct, ISingleLanes<TLanes>
    {
        var x = logits - max;
        if (temperature != 1) x /= TLanes.Create(temperature);
        return TLanes.ZeroWhereBelow(TableExp.Exp(x), x, WeightLow);
    }

    /// <summary>One category's weight e^x of x ≤ 0: 0 below −87.</summary>
    private static float Weight(float x) => x < WeightLow ? 0 : TableExp.Exp(x);

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

    private static float ScalarMax(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var value in values) max = Math.Max(max, value);
        return max;
    }
}
