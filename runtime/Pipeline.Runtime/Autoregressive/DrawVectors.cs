using System.Runtime.CompilerServices;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// The element-by-element parts of <see cref="CategoricalDraw"/> on SIMD vectors: each lane does the IEEE operation one
/// element would (a widening is exact, a narrowing and a division round once to nearest), so the results are bit for bit
/// those of the scalar loops. Spans of one item's categories (of a batch's items for the quotients); the tail past the
/// last whole vector goes element by element.
/// They run on 512-bit vectors where the processor has them (<see cref="Vector512SingleLanes"/>,
/// <see cref="Vector512Lanes"/>), else on <c>Vector&lt;T&gt;</c>: their generic forms take the width, so tests run every width.
/// </summary>
internal static class DrawVectors
{
    /// <summary>Categories per block of <see cref="BlockSum{TLanes}"/>: the draw finds its block, then its category in it.</summary>
    public const int Block = 32;

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
        var (i, count, max) = (0, TLanes.Count, float.NegativeInfinity);
        if (TLanes.IsHardwareAccelerated && values.Length >= count)
        {
            var (lanes, sums) = (TLanes.Create(float.NegativeInfinity), TLanes.Create(0));
            for (; i <= values.Length - count; i += count)
            {
                var v = TLanes.Load(values.Slice(i));
                sums += v;
                lanes = TLanes.MaxNative(lanes, v);
            }
            max = TLanes.HalvingMax(lanes);
            if (max == 0 || float.IsNaN(TLanes.HalvingSum(sums))) return ScalarMax(values);
        }
        for (; i < values.Length; i++) max = Math.Max(max, values[i]);
        return max;
    }

    /// <summary>Below this, a category's weight is 0 (e^x would be a subnormal float, where <see cref="SingleExp"/>'s vectors leave off).</summary>
    public const float WeightLow = -87f;

    /// <summary>
    /// weights[k] = e^x with x = (logits[k] − max) / T (no division at T = 1) by <see cref="SingleExp"/>, in single
    /// precision, or 0 where x &lt; −87: each category's weight, the largest logit's exactly 1. <paramref name="weights"/>
    /// may be <paramref name="logits"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Weights(ReadOnlySpan<float> logits, float max, float temperature, Span<float> weights)
    {
        if (Vector512SingleLanes.IsHardwareAccelerated) Weights<Vector512SingleLanes>(logits, max, temperature, weights);
        else Weights<VectorSingleLanes>(logits, max, temperature, weights);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Weights<TLanes>(ReadOnlySpan<float> logits, float max, float temperature, Span<float> weights) where TLanes : struct, ISingleLanes<TLanes>
    {
        var (i, count) = (0, TLanes.Count);
        if (TLanes.IsHardwareAccelerated)
            for (; i <= logits.Length - count; i += count) Weight(TLanes.Load(logits.Slice(i)), max, temperature).Store(weights.Slice(i));
        for (; i < logits.Length; i++) weights[i] = Weight(temperature != 1 ? (logits[i] - max) / temperature : logits[i] - max);
    }

    /// <summary>
    /// <see cref="Weights"/> and each block's <see cref="BlockSum{TLanes}"/> of them, kept as the running sums to each
    /// block's end in double (ends[b] = Σ_{b′ ≤ b} sum_b′, in block order), in one pass: a block's sum is taken as soon as
    /// its weights are written. Returns Σ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double WeightsAndBlockEnds(ReadOnlySpan<float> logits, float max, float temperature, Span<float> weights, Span<double> ends) =>
        Vector512SingleLanes.IsHardwareAccelerated
            ? WeightsAndBlockEnds<Vector512SingleLanes>(logits, max, temperature, weights, ends)
            : WeightsAndBlockEnds<VectorSingleLanes>(logits, max, temperature, weights, ends);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]      // a call of its own: inlined into the draw, it overran the JIT's inlining budget
    internal static double WeightsAndBlockEnds<TLanes>(ReadOnlySpan<float> logits, float max, float temperature, Span<float> weights, Span<double> ends) where TLanes : struct, ISingleLanes<TLanes>
    {
        var total = 0.0;
        for (var (b, first) = (0, 0); first < logits.Length; b++, first += Block)
        {
            var length = Math.Min(Block, logits.Length - first);
            var blockWeights = weights.Slice(first, length);
            Weights<TLanes>(logits.Slice(first, length), max, temperature, blockWeights);
            ends[b] = total += BlockSum<TLanes>(blockWeights);
        }
        return total;
    }

    /// <summary>The weights of a vector of logits: e^((logit − max) / T), 0 below −87.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes Weight<TLanes>(TLanes logits, float max, float temperature) where TLanes : struct, ISingleLanes<TLanes>
    {
        var x = logits - TLanes.Create(max);
        if (temperature != 1) x /= TLanes.Create(temperature);
        return TLanes.ZeroWhereBelow(SingleExp.InRange(x), x, WeightLow);
    }

    /// <summary>One category's weight e^x of x ≤ 0: 0 below −87.</summary>
    private static float Weight(float x) => x < WeightLow ? 0 : SingleExp.Exp(x);

    /// <summary>Whether a block's pairs fill whole vectors of these lanes, natively: then <see cref="BlockSum{TLanes}"/> sums a block in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool BlockVectors<TLanes>() where TLanes : struct, ISingleLanes<TLanes> => TLanes.IsHardwareAccelerated && TLanes.Count is 4 or 8 or 16;

    /// <summary>
    /// The sum of one block's weights (a short last block counts its missing weights as +0) in one fixed order:
    /// s_l = w_l + w_{l+16} for l &lt; 16, then halves added pairwise (8, 4, 2, 1), in single precision. A whole block's
    /// 16 pairs are 16 / Count vectors, folded by halves to one vector (for 4 lanes: pairs 0–3 + 8–11 and 4–7 + 12–15,
    /// then those two), then its lanes by halves; a short block, or lanes that cannot hold the pairs, go element by
    /// element. Either way the bits depend on the weights alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float BlockSum<TLanes>(ReadOnlySpan<float> block) where TLanes : struct, ISingleLanes<TLanes>
    {
        if (block.Length != Block || !BlockVectors<TLanes>()) return ElementByElement(block);
        var folded = TLanes.Count switch
        {
            16 => Pair<TLanes>(block, 0),
            8 => Pair<TLanes>(block, 0) + Pair<TLanes>(block, 8),
            _ => (Pair<TLanes>(block, 0) + Pair<TLanes>(block, 8)) + (Pair<TLanes>(block, 4) + Pair<TLanes>(block, 12)),
        };
        return TLanes.HalvingSum(folded);
    }

    /// <summary><see cref="BlockSum{TLanes}"/> element by element (not inlined: its buffer is on the stack).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float ElementByElement(ReadOnlySpan<float> block)
    {
        const int half = Block / 2;
        Span<float> pairs = stackalloc float[half];
        for (var l = 0; l < half; l++) pairs[l] = (l < block.Length ? block[l] : 0f) + (half + l < block.Length ? block[half + l] : 0f);
        return LaneFolds.Sum(pairs);
    }

    /// <summary>The pairs w_l + w_{l+16} of a block from pair <paramref name="l"/> on, one vector of them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TLanes Pair<TLanes>(ReadOnlySpan<float> block, int l) where TLanes : struct, ISingleLanes<TLanes> =>
        TLanes.Load(block.Slice(l)) + TLanes.Load(block.Slice(Block / 2 + l));

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
