using System.Runtime.CompilerServices;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// One position's draws for a whole batch, each from a categorical distribution given by logits, by inversion of its
/// cumulative distribution. The exponentials of a block of items' categories, and the logarithms of every item, are
/// computed together on SIMD vectors (<see cref="PortableMathVectors"/>, bit for bit <see cref="PortableMath"/>'s), so the same
/// logits and uniforms give the same values on every platform. Owns its scratch buffers, made once for a batch shape and
/// temperature.
/// </summary>
internal sealed class CategoricalDraw
{
    /// <summary>Items drawn together (the running sums' eight chains).</summary>
    private const int Block = 8;

    private readonly int categories;
    private readonly double temperature;
    private readonly double[] maxima;      // [N] the largest logit of each item
    private readonly double[] tempered;    // [B, K] (logit − max) / T of a block of items; [N] distances for binary pixels at T = 1
    private readonly double[]? plain;      // [B, K] logit − max, then its exponential; none at T = 1, where it is the tempered one
    private readonly double[] sums;        // [N] Σ exp(logit − max), then its logarithm
    private readonly double[] cumulative;  // [B, K] each item's running sums of its weights at T (none for binary pixels at T = 1)
    private readonly double[] totals;      // [B] Σ of each item's weights at T (none for binary pixels at T = 1)
    private readonly float[]? others;      // [N] binary pixels at T = 1: the smaller logit's weight; none otherwise

    public CategoricalDraw(int batchSize, int categories, double temperature)
    {
        this.categories = categories;
        this.temperature = temperature;
        maxima = new double[batchSize];
        var block = Math.Min(batchSize, Block);
        others = categories == 2 && temperature == 1 ? new float[batchSize] : null;
        tempered = new double[others is null ? block * categories : batchSize];
        plain = temperature == 1 ? null : new double[block * categories];
        sums = new double[batchSize];
        cumulative = others is null ? new double[block * categories] : [];
        totals = others is null ? new double[block] : [];
    }

    /// <summary>
    /// Draws k ~ softmax(logits / T) for every item n with its uniform u[n] ∈ [0, 1): the first k whose cumulative
    /// probability exceeds u. Writes the probabilities at temperature T into <paramref name="probabilities"/> [N, K], k into
    /// <paramref name="drawn"/> [N] and log p(k) under the model itself (T = 1), logits[k] − log Σ exp(logits), into
    /// <paramref name="logProbabilities"/> [N].
    /// </summary>
    /// <remarks>
    /// Only the running sums are sequential (in category order, so the same values on every machine); the maxima, the
    /// differences, the conversions and the divisions are element by element and run on vectors (<see cref="DrawVectors"/>),
    /// the same IEEE operations as one element at a time.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Draw(ReadOnlySpan<float> logits, ReadOnlySpan<double> uniforms, Span<float> probabilities, Span<int> drawn, Span<double> logProbabilities)
    {
        // 1–3. Each item's weights exp((logit − max) / T), its draw by inversion of their running sums, its probabilities.
        if (others is not null) DrawBinary(logits, uniforms, probabilities, drawn);
        else DrawAny(logits, uniforms, probabilities, drawn);
        // 4. log p(k) = logit_k − max − log Σ exp(logit − max), the logarithms all at once.
        PortableMathVectors.Log(sums, sums);
        for (var n = 0; n < maxima.Length; n++) logProbabilities[n] = logits[n * categories + drawn[n]] - maxima[n] - sums[n];
    }

    /// <summary>
    /// Steps 1–3 for any K and T, <see cref="Block"/> items at a time: the block's scratch (at most three times 8·K doubles,
    /// 48 KB at K = 256) stays in the core's own caches, where a whole batch's would be evicted by the network between steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawAny(ReadOnlySpan<float> logits, ReadOnlySpan<double> uniforms, Span<float> probabilities, Span<int> drawn)
    {
        for (var first = 0; first < maxima.Length; first += Block)
        {
            var (count, k) = (Math.Min(Block, maxima.Length - first), categories);
            DrawBlock(first, count, logits.Slice(first * k, count * k), uniforms, probabilities.Slice(first * k, count * k), drawn);
        }
    }

    /// <summary>Items first .. first + count − 1: their logits and probabilities [count, K].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawBlock(int first, int count, ReadOnlySpan<float> logits, ReadOnlySpan<double> uniforms, Span<float> probabilities, Span<int> drawn)
    {
        // The block's scratch: item i of the block is item first + i of the batch (maxima, sums, uniforms, drawn).
        var k = categories;
        var tempered = this.tempered.AsSpan(0, count * k);
        var plain = this.plain is null ? default : this.plain.AsSpan(0, count * k);
        var cumulative = this.cumulative.AsSpan(0, count * k);
        // 1. The largest logit of each item, and every logit's distance from it (÷ T).
        for (var i = 0; i < count; i++)
        {
            var row = logits.Slice(i * k, k);
            var max = maxima[first + i] = CheckedMax(DrawVectors.Max(row), first + i);
            DrawVectors.Difference(row, max, temperature, tempered.Slice(i * k, k));
            if (!plain.IsEmpty) DrawVectors.Difference(row, max, 1, plain.Slice(i * k, k));
        }
        // 2. Their exponentials, all at once (the largest logit's is exactly 1): the weights at T, rounded to float.
        var weights = probabilities;
        DrawVectors.ExpNarrow(tempered, weights);
        if (!plain.IsEmpty) PortableMathVectors.Exp(plain, plain);
        // 3. The running sums of the weights in category order, whose last is their total: the cumulative distribution
        // times the total.
        var totals = this.totals.AsSpan(0, count);
        RunningSums(weights, cumulative, totals, k);
        for (var i = 0; i < count; i++)
        {
            var n = first + i;
            sums[n] = plain.IsEmpty ? totals[i] : Sum(plain.Slice(i * k, k));
            // The first k whose running sum exceeds u·total (the last category when rounding leaves none).
            var chosen = DrawVectors.FirstAbove(cumulative.Slice(i * k, k), uniforms[n] * totals[i]);
            drawn[n] = chosen < 0 ? k - 1 : chosen;
            DrawVectors.Divide(weights.Slice(i * k, k), totals[i]);
        }
    }

    /// <summary>
    /// Steps 1–3 for binary pixels at T = 1, the same operations as <see cref="DrawAny"/> with the ones whose result is
    /// known left out: the larger logit's weight is exp(0), exactly 1, so one exponential per item, of the smaller logit's
    /// distance from it. The cumulative weight first passes u·(w₀ + w₁) at k = 0 when w₀ exceeds it, else at k = 1 (or
    /// never, and k = K − 1 = 1).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawBinary(ReadOnlySpan<float> logits, ReadOnlySpan<double> uniforms, Span<float> probabilities, Span<int> drawn)
    {
        var (batch, others) = (maxima.Length, this.others!);
        var distances = tempered.AsSpan(0, batch);
        for (var n = 0; n < batch; n++)
        {
            var (first, second) = (logits[2 * n], logits[2 * n + 1]);
            var max = maxima[n] = CheckedMax(Math.Max(first, second), n);
            distances[n] = Math.Min(first, second) - max;
        }
        DrawVectors.ExpNarrow(distances, others);
        for (var n = 0; n < batch; n++)
        {
            var (w0, w1) = logits[2 * n] >= logits[2 * n + 1] ? (1f, others[n]) : (others[n], 1f);
            var total = (double)w0 + w1;
            sums[n] = total;
            probabilities[2 * n] = (float)(w0 / total);
            probabilities[2 * n + 1] = (float)(w1 / total);
            drawn[n] = w0 > uniforms[n] * total ? 0 : 1;
        }
    }

    /// <summary>The index of the batch's first item in the request, and the position drawn: for the message of broken logits.</summary>
    public (int FirstItem, int Position) Where { get; set; }

    /// <summary><paramref name="max"/>, when it is a finite number; otherwise the network's output is broken, and the draw stops.</summary>
    private double CheckedMax(double max, int item) =>
        double.IsFinite(max) ? max : throw NotFinite(max, $"item {Where.FirstItem + item} at position {Where.Position}");

    private static PackageException NotFinite(double max, string where) =>
        new($"the network gave {where} logits that are not all finite numbers (the largest is {max}): its weights " +
            "or the inputs it was given hold NaN or ∞. Export the package again from a good checkpoint (tools/pipeline export).");

    /// <summary>
    /// cumulative[n, k] = Σ_{j ≤ k} weights[n, j], each item's sums in category order; totals[n] = cumulative[n, K − 1].
    /// Eight items at a time, a whole <see cref="Block"/>: each addition waits on the one before it in its item, so eight
    /// independent chains keep the adders busy (each chain reads and writes its own slice, whose bounds are checked once).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunningSums(ReadOnlySpan<float> weights, Span<double> cumulative, Span<double> totals, int categories)
    {
        var (n, k) = (0, categories);
        for (; n + 8 <= totals.Length; n += 8)
        {
            var w = weights.Slice(n * k, 8 * k);
            var c = cumulative.Slice(n * k, 8 * k);
            double t0 = 0, t1 = 0, t2 = 0, t3 = 0, t4 = 0, t5 = 0, t6 = 0, t7 = 0;
            for (var j = 0; j < k; j++)
            {
                c[j] = t0 += w[j];
                c[k + j] = t1 += w[k + j];
                c[2 * k + j] = t2 += w[2 * k + j];
                c[3 * k + j] = t3 += w[3 * k + j];
                c[4 * k + j] = t4 += w[4 * k + j];
                c[5 * k + j] = t5 += w[5 * k + j];
                c[6 * k + j] = t6 += w[6 * k + j];
                c[7 * k + j] = t7 += w[7 * k + j];
            }
            (totals[n], totals[n + 1], totals[n + 2], totals[n + 3]) = (t0, t1, t2, t3);
            (totals[n + 4], totals[n + 5], totals[n + 6], totals[n + 7]) = (t4, t5, t6, t7);
        }
        for (; n < totals.Length; n++)
        {
            var w = weights.Slice(n * k, k);
            var c = cumulative.Slice(n * k, k);
            double total = 0;
            for (var j = 0; j < k; j++) c[j] = total += w[j];
            totals[n] = total;
        }
    }

    /// <summary>Σ values in order (Σ exp(logit − max) at T ≠ 1, where the weights are the tempered ones).</summary>
    private static double Sum(ReadOnlySpan<double> values)
    {
        double sum = 0;
        foreach (var value in values) sum += value;
        return sum;
    }

    /// <summary>log p(k) = logits[k] − log Σ exp(logits) (the likelihood of a given value) of item <paramref name="item"/>, for messages.</summary>
    public static double LogProbability(ReadOnlySpan<float> logits, int k, int item)
    {
        var max = DrawVectors.Max(logits);
        if (!double.IsFinite(max)) throw NotFinite(max, $"item {item}");
        double sum = 0;
        foreach (var logit in logits) sum += PortableMath.Exp(logit - max);
        return logits[k] - max - PortableMath.Log(sum);
    }
}
