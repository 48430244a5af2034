using System.Numerics;
using System.Runtime.CompilerServices;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// The element-by-element parts of <see cref="CategoricalDraw"/> on SIMD vectors: each lane does the IEEE operation one
/// element would (a widening is exact, a narrowing and a division round once to nearest), so the results are bit for bit
/// those of the scalar loops. Spans of one item's categories (of a batch's items for the quotients); the tail past the
/// last whole vector goes element by element.
/// They run on 512-bit vectors where the processor has them (<see cref="Vector512SingleLanes"/>,
/// <see cref="Vector512Lanes"/>), else on <c>Vector&lt;T&gt;</c>: their generic forms take the width, so tests run both.
/// </summary>
internal static class DrawVectors
{
    /// <summary>Categories per block of <see cref="BlockSums"/>: the draw finds its block, then its category in it.</summary>
    public const int Block = 32;

    /// <summary>
    /// The largest value, as <c>Math.Max</c> over them all would give it: NaN when there is one, and +0 over −0. Those two
    /// cases (and a largest value of zero) are settled element by element.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(ReadOnlySpan<float> values)
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
        var (i, count, divide) = (0, TLanes.Count, temperature != 1);
        if (TLanes.IsHardwareAccelerated)
            for (; i <= logits.Length - count; i += count)
            {
                var x = TLanes.Load(logits.Slice(i)) - TLanes.Create(max);
                if (divide) x /= TLanes.Create(temperature);
                TLanes.ZeroWhereBelow(SingleExp.InRange(x), x, WeightLow).Store(weights.Slice(i));
            }
        for (; i < logits.Length; i++) weights[i] = Weight(divide ? (logits[i] - max) / temperature : logits[i] - max);
    }

    /// <summary>One category's weight e^x of x ≤ 0: 0 below −87.</summary>
    private static float Weight(float x) => x < WeightLow ? 0 : SingleExp.Exp(x);

    /// <summary>
    /// sums[b] = the sum of weights[<see cref="Block"/>·b ..] (a short last block counts its missing weights as +0), each
    /// in one fixed order: s_l = w_l + w_{l+16} for l &lt; 16, then halves added pairwise (8, 4, 2, 1), in single precision;
    /// returns Σ_b sums[b] in double, in block order. The pairs are lanes of vectors of any width (16 = 1, 2 or 4 of them),
    /// and the halving is element by element, so the bits depend on the weights alone.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double BlockSums(ReadOnlySpan<float> weights, Span<float> sums)
    {
        if (Vector512SingleLanes.IsHardwareAccelerated) return BlockSums<Vector512SingleLanes>(weights, sums);
        return BlockSums<VectorSingleLanes>(weights, sums);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static double BlockSums<TLanes>(ReadOnlySpan<float> weights, Span<float> sums) where TLanes : struct, ISingleLanes<TLanes>
    {
        const int half = Block / 2;
        Span<float> pairs = stackalloc float[half];
        var (total, count) = (0.0, TLanes.Count);
        for (var b = 0; b * Block < weights.Length; b++)
        {
            var block = weights.Slice(b * Block, Math.Min(Block, weights.Length - b * Block));
            if (block.Length == Block && TLanes.IsHardwareAccelerated && count <= half)
                for (var l = 0; l < half; l += count) (TLanes.Load(block.Slice(l)) + TLanes.Load(block.Slice(half + l))).Store(pairs.Slice(l));
            else
                for (var l = 0; l < half; l++) pairs[l] = (l < block.Length ? block[l] : 0f) + (half + l < block.Length ? block[half + l] : 0f);
            total += sums[b] = PairwiseSum(pairs);
        }
        return total;
    }

    /// <summary>The 16 pairs' sum, halves added pairwise: 8 sums, then 4, 2 and 1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float PairwiseSum(ReadOnlySpan<float> p)
    {
        float e0 = p[0] + p[8], e1 = p[1] + p[9], e2 = p[2] + p[10], e3 = p[3] + p[11];
        float e4 = p[4] + p[12], e5 = p[5] + p[13], e6 = p[6] + p[14], e7 = p[7] + p[15];
        float f0 = e0 + e4, f1 = e1 + e5, f2 = e2 + e6, f3 = e3 + e7;
        return (f0 + f2) + (f1 + f3);
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

    private static float ScalarMax(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var value in values) max = Math.Max(max, value);
        return max;
    }
}
