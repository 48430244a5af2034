using System.Runtime.CompilerServices;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// One position's draws for a whole batch, each from a categorical distribution given by logits, by inversion of its
/// cumulative distribution. The weights exp((logit − max) / T) are single-precision exponentials on SIMD vectors
/// (<see cref="TableExp"/>, 0 below e^−87:
/// <see cref="DrawVectors.Weights(ReadOnlySpan{float}, ReadOnlySpan{float}, float, Span{float})"/>), summed by blocks of
/// <see cref="CumulativeWeights.Block"/> categories in a fixed order: the draw finds the block where the running sum
/// passes u·Σ, then the category in it (<see cref="CumulativeWeights"/>). Every operation is an IEEE one in a fixed
/// order, so the same logits and uniforms give the same values on every platform and vector width. Owns its scratch
/// buffers, made once for a batch shape and temperature.
/// </summary>
internal sealed class CategoricalDraw
{
    private readonly int categories;
    private readonly float temperature;
    private readonly float[] maxima;       // [N] the largest logit of each item
    private readonly double[] totals;      // [N] Σ of each item's weights at T: the probabilities' divisor
    private readonly double[] sums;        // [N] Σ exp(logit − max), the weights at T = 1, then its logarithm
    private readonly float[] blockSums;    // [N, ⌈K / 16⌉ to a multiple of 16] each item's weights summed by blocks
    private readonly float[] ends;         // [the same] their running sums: the sum to each block's end
    private readonly float[] plain;        // [K] an item's weights at T = 1, at T ≠ 1 only (else empty)
    private readonly float[] distances;    // [N] binary pixels at T = 1: the smaller logit − the larger (else empty)

    public CategoricalDraw(int batchSize, int categories, double temperature)
    {
        this.categories = categories;
        this.temperature = (float)temperature;
        maxima = new float[batchSize];
        totals = new double[batchSize];
        sums = new double[batchSize];
        blockSums = new float[batchSize * CumulativeWeights.BufferLength(categories)];
        ends = new float[blockSums.Length];
        plain = temperature == 1 ? [] : new float[categories];
        distances = categories == 2 && temperature == 1 ? new float[batchSize] : [];
    }

    /// <summary>
    /// Draws k ~ softmax(logits / T) for every item n with its uniform u[n] ∈ [0, 1): the first k whose running weight
    /// exceeds u·Σ (<see cref="CumulativeWeights"/>). Writes each item's weights at temperature T into
    /// <paramref name="weights"/> [N, K] (<see cref="Normalize"/> turns them into probabilities), k into
    /// <paramref name="drawn"/> [N] and log p(k) under the model itself (T = 1), logits[k] − log Σ exp(logits), into
    /// <paramref name="logProbabilities"/> [N]. Never inlined, like the vector methods it calls (see
    /// <see cref="DrawVectors.Weights{TLanes}"/>): a caller's tier-1 code with dynamic PGO that took it in drew 10 times slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public void Draw(ReadOnlySpan<float> logits, ReadOnlySpan<double> uniforms, Span<float> weights, Span<int> drawn, Span<double> logProbabilities)
    {
        var k = categories;
        if (distances.Length > 0) DrawBinary(logits, uniforms, weights, drawn);
        else
        {
            // Each pass goes over every item before the next pass starts: the items are independent, so the processor
            // overlaps one item's chains of dependent operations with the next one's (item after item, the draw took
            // 1.2 times as long in the loop).
            // 1. Each item's largest logit, then every item's weights at T: exp((logit − max) / T).
            for (var n = 0; n < maxima.Length; n++) maxima[n] = CheckedMax(DrawVectors.Max(logits.Slice(n * k, k)), n);
            DrawVectors.Weights(logits[..(maxima.Length * k)], maxima, temperature, weights);
            // 2. Their sums by blocks, and the running sums of those: the cumulative distribution at the blocks' ends,
            //    times Σ; then the category where the running weight first passes u·Σ.
            CumulativeWeights.Draw(weights, k, uniforms, blockSums, ends, totals, drawn);
            // 3. Σ exp(logit − max) at T = 1, for log p under the model.
            if (plain.Length == 0) totals.CopyTo(sums, 0);
            else
            {
                var length = CumulativeWeights.BufferLength(k);
                for (var n = 0; n < maxima.Length; n++)
                {
                    DrawVectors.Weights(logits.Slice(n * k, k), maxima[n], 1, plain);
                    sums[n] = CumulativeWeights.Ends(plain, blockSums.AsSpan(0, length), ends.AsSpan(0, length));
                }
            }
        }
        // 4. log p(k) = logit_k − max − log Σ exp(logit − max), the logarithms all at once.
        PortableMathVectors.Log(sums, sums);
        for (var n = 0; n < maxima.Length; n++) logProbabilities[n] = (double)logits[n * k + drawn[n]] - maxima[n] - sums[n];
    }

    /// <summary>The probabilities at T of the last <see cref="Draw"/>: weights[n, k] = (float)(weights[n, k] / Σ_k weights[n, k]), the division in double.</summary>
    public void Normalize(Span<float> weights)
    {
        for (var n = 0; n < totals.Length; n++) DrawVectors.Divide(weights.Slice(n * categories, categories), totals[n]);
    }

    /// <summary>
    /// The draws for binary pixels at T = 1: the operations of the general case with the ones whose result is known left
    /// out. The larger logit's weight is exactly 1, so one exponential per item, of the smaller logit's distance from it
    /// (all items' together); Σ is w₀ + w₁ in single precision, as the block sum and the scan of two weights give it;
    /// k = 0 when w₀ &gt; u·Σ (rounded to single precision), else 1 (0 when w₁ is 0, the last positive weight).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawBinary(ReadOnlySpan<float> logits, ReadOnlySpan<double> uniforms, Span<float> weights, Span<int> drawn)
    {
        var batch = maxima.Length;
        for (var n = 0; n < batch; n++)
        {
            var (first, second) = (logits[2 * n], logits[2 * n + 1]);
            var max = maxima[n] = CheckedMax(Math.Max(first, second), n);
            distances[n] = Math.Min(first, second) - max;
        }
        DrawVectors.Weights(distances, 0, 1, distances);
        for (var n = 0; n < batch; n++)
        {
            var (w0, w1) = logits[2 * n] >= logits[2 * n + 1] ? (1f, distances[n]) : (distances[n], 1f);
            (weights[2 * n], weights[2 * n + 1]) = (w0, w1);
            totals[n] = sums[n] = w0 + w1;
            drawn[n] = w0 > (float)(uniforms[n] * totals[n]) || !(w1 > 0) ? 0 : 1;
        }
    }

    /// <summary>The index of the batch's first item in the request, and the position drawn: for the message of broken logits.</summary>
    public (int FirstItem, int Position) Where { get; set; }

    /// <summary><paramref name="max"/>, when it is a finite number; otherwise the network's output is broken, and the draw stops.</summary>
    private float CheckedMax(float max, int item) => float.IsFinite(max) ? max : throw BrokenLogits(max, item);

    private PackageException BrokenLogits(float max, int item) => NotFinite(max, $"item {Where.FirstItem + item} at position {Where.Position}");

    private static PackageException NotFinite(double max, string where) =>
        new($"the network gave {where} logits that are not all finite numbers (the largest is {max}): its weights " +
            "or the inputs it was given hold NaN or ∞. Export the package again from a good checkpoint (tools/pipeline export).");

    /// <summary>log p(k) = logits[k] − log Σ exp(logits) (the likelihood of a given value) of item <paramref name="item"/>, for messages.</summary>
    public static double LogProbability(ReadOnlySpan<float> logits, int k, int item)
    {
        double max = DrawVectors.Max(logits);
        if (!double.IsFinite(max)) throw NotFinite(max, $"item {item}");
        double sum = 0;
        foreach (var logit in logits) sum += PortableMath.Exp(logit - max);
        return logits[k] - max - PortableMath.Log(sum);
    }
}
