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

    /// <summary>Below this, a category's weight is 0 (2^y would be a subnormal float, where <see cref="Exp2"/> leaves off).</summary>
    public const float WeightLow = -126f;

    /// <summary>s = log₂e / T in single precision: the weights' scale of the logits at temperature T.</summary>
    public static float Scale(double temperature) => (float)(1.4426950408889634 / temperature);

    /// <summary>The exponents' offset −shift·s, the product rounded once: y = logit·s + offset (<see cref="Exponent"/>).</summary>
    public static float Offset(float shift, float scale) => -(shift * scale);

    /// <summary>One category's exponent y = logit·s + offset, one fused multiply-add: the same bits as a lane of the vectors'.</summary>
    public static float Exponent(float logit, float scale, float offset) => MathF.FusedMultiplyAdd(logit, scale, offset);

    /// <summary>
    /// weights[n, k] = 2^y, y = logits[n, k]·s − shifts[n]·s (the product shifts[n]·s rounded, then one fused
    /// multiply-add; s = <see cref="Scale"/>(T)): e^((logit − shift) / T) in single precision by <see cref="Exp2"/>, or 0
    /// where y &lt; −126. And each item's 16 column sums (<see cref="CumulativeWeights"/>' inversion order):
    /// columnSums[n, c] = Σ_r weights[n, 16r + c], added row after row from +0, a short last row adding only the
    /// categories it has. One call for the batch: <see cref="CategoricalDraw.Draw"/> makes every item's weights before
    /// any item's search. A call of its own, always: inlined into a caller, it overran the JIT's inlining budget there,
    /// and its own small operations became calls. A caller's tier-1 code with dynamic PGO that took in the dispatcher and
    /// this drew 10 times slower (a throwaway test calling the draw in a loop).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Weights(ReadOnlySpan<float> logits, ReadOnlySpan<float> shifts, float scale, Span<float> weights, Span<float> columnSums)
    {
        if (Vector512SingleLanes.IsHardwareAccelerated) Weights<Vector512SingleLanes>(logits, shifts, scale, weights, columnSums);
        else Weights<VectorSingleLanes>(logits, shifts, scale, weights, columnSums);
    }

    /// <summary>
    /// <see cref="Weights(ReadOnlySpan{float}, ReadOnlySpan{float}, float, Span{float}, Span{float})"/> on
    /// <typeparamref name="TLanes"/>: a row of 16 categories is one vector of 16 lanes, its column sums one running vector;
    /// narrower lanes add into the sums in memory; the short last row goes element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    internal static void Weights<TLanes>(ReadOnlySpan<float> logits, ReadOnlySpan<float> shifts, float scale, Span<float> weights, Span<float> columnSums) where TLanes : struct, ISingleLanes<TLanes>
    {
        const int columns = CumulativeWeights.Columns;
        var k = logits.Length / shifts.Length;
        var whole = k / columns * columns;                      // the categories of whole rows
        for (var n = 0; n < shifts.Length; n++)
        {
            var row = logits.Slice(n * k, k);
            var rowWeights = weights.Slice(n * k, k);
            var sums = columnSums.Slice(n * columns, columns);
            var (offset, i) = (Offset(shifts[n], scale), 0);
            if (TLanes.IsHardwareAccelerated && TLanes.Count == columns)
            {
                var total = TLanes.Create(0);
                for (; i < whole; i += columns)
                {
                    var w = Weight(TLanes.Load(row.Slice(i)), scale, offset);
                    w.Store(rowWeights.Slice(i));
                    total += w;
                }
                total.Store(sums);
            }
            else
            {
                sums.Clear();
                if (TLanes.IsHardwareAccelerated && columns % TLanes.Count == 0)
                    for (; i < whole; i += TLanes.Count)
                    {
                        var w = Weight(TLanes.Load(row.Slice(i)), scale, offset);
                        w.Store(rowWeights.Slice(i));
                        var column = sums.Slice(i % columns);
                        (TLanes.Load(column) + w).Store(column);
                    }
            }
            for (; i < k; i++) sums[i % columns] += rowWeights[i] = Weight(row[i], scale, offset);
        }
    }

    /// <summary>weights[i] = 2^y[i], or 0 where y[i] &lt; −126: <see cref="Weights{TLanes}"/>' weights of given exponents.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Powers(ReadOnlySpan<float> y, Span<float> weights)
    {
        if (Vector512SingleLanes.IsHardwareAccelerated) Powers<Vector512SingleLanes>(y, weights);
        else Powers<VectorSingleLanes>(y, weights);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Powers<TLanes>(ReadOnlySpan<float> y, Span<float> weights) where TLanes : struct, ISingleLanes<TLanes>
    {
        var i = 0;
        if (TLanes.IsHardwareAccelerated)
            for (; i <= y.Length - TLanes.Count; i += TLanes.Count) Power(TLanes.Load(y.Slice(i))).Store(weights.Slice(i));
        for (; i < y.Length; i++) weights[i] = Power(y[i]);
    }

    /// <summary>The weights of a vector of logits: 2^y, y = logit·s + offset, 0 below −126.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes Weight<TLanes>(TLanes logits, float scale, float offset) where TLanes : struct, ISingleLanes<TLanes> =>
        Power(TLanes.FusedMultiplyAdd(logits, TLanes.Create(scale), TLanes.Create(offset)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes Power<TLanes>(TLanes y) where TLanes : struct, ISingleLanes<TLanes> => TLanes.ZeroWhereBelow(Exp2.Of(y), y, WeightLow);

    /// <summary>One category's weight: the same bits as a lane of the vectors'.</summary>
    public static float Weight(float logit, float scale, float offset) => Power(Exponent(logit, scale, offset));

    private static float Power(float y) => y < WeightLow ? 0 : Exp2.Of(y);

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
