using System.Runtime.CompilerServices;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// One position's draws for a whole batch, each from a categorical distribution given by logits, by inversion of its
/// cumulative distribution. The weights e^((logit − shift) / T) are single-precision powers of two on SIMD vectors
/// (<see cref="Exp2"/>, 0 below 2^−126: <see cref="DrawVectors.Weights(ReadOnlySpan{float}, ReadOnlySpan{float}, float, Span{float}, Span{float})"/>),
/// summed by the columns of rows of 16 categories in a fixed order as they are made: the draw finds the column where the
/// running sum passes u·Σ, then the category in it (<see cref="CumulativeWeights"/>). The shift is the item's first
/// logit, which costs nothing; an item whose weights then overflow (a logit some 88·T above it) is drawn again from its
/// largest logit, which needs a pass of its own. Every operation is an IEEE one in a fixed order, so the same logits and
/// uniforms give the same values on every platform and vector width. Owns its scratch buffers, made once for a batch
/// shape and temperature.
/// </summary>
internal sealed class CategoricalDraw
{
    /// <summary>The weights' scale at T = 1, for log p under the model.</summary>
    private static readonly float PlainScale = DrawVectors.Scale(1);

    private readonly int categories;
    private readonly float scale;          // log₂e / T: the weights at T are 2^(logit·scale − shift·scale)
    private readonly float[] shifts;       // [N] each item's shift: its first logit, or its largest where that overflowed
    private readonly double[] totals;      // [N] Σ of each item's weights at T: the probabilities' divisor
    private readonly double[] sums;        // [N] Σ exp(logit − shift), the weights at T = 1, then its logarithm
    private readonly float[] columnSums;   // [N, 16] each item's weights summed by columns
    private readonly float[] ends;         // [N, 16] their running sums: the sum to each column's end
    private readonly float[] plain;        // [K] an item's weights at T = 1, at T ≠ 1 only (else empty)
    private readonly float[] plainSums;    // [32] their column sums and ends, at T ≠ 1 only
    private readonly float[] exponents;    // [N, 2] binary pixels at T = 1: each logit's y (else empty)

    public CategoricalDraw(int batchSize, int categories, double temperature)
    {
        this.categories = categories;
        scale = DrawVectors.Scale(temperature);
        shifts = new float[batchSize];
        totals = new double[batchSize];
        sums = new double[batchSize];
        columnSums = new float[batchSize * CumulativeWeights.Columns];
        ends = new float[columnSums.Length];
        (plain, plainSums) = temperature == 1 ? ([], []) : (new float[categories], new float[2 * CumulativeWeights.Columns]);
        exponents = categories == 2 && temperature == 1 ? new float[2 * batchSize] : [];
    }

    /// <summary>
    /// Draws k ~ softmax(logits / T) for every item n with its uniform u[n] ∈ [0, 1) (<see cref="CumulativeWeights"/>).
    /// Writes each item's weights at temperature T into <paramref name="weights"/> [N, K] (<see cref="Normalize"/> turns
    /// them into probabilities), k into <paramref name="drawn"/> [N] and log p(k) under the model itself (T = 1),
    /// logits[k] − shift − log Σ exp(logits − shift), into <paramref name="logProbabilities"/> [N]. Never inlined, like
    /// the vector methods it calls (see <see cref="DrawVectors.Weights{TLanes}"/>): a caller's tier-1 code with dynamic
    /// PGO that took it in drew 10 times slower.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public void Draw(ReadOnlySpan<float> logits, ReadOnlySpan<double> uniforms, Span<float> weights, Span<int> drawn, Span<double> logProbabilities)
    {
        var (k, batch) = (categories, shifts.Length);
        if (exponents.Length > 0) DrawBinary(logits, uniforms, weights, drawn);
        else
        {
            // Each pass goes over every item before the next pass starts: the items are independent, so the processor
            // overlaps one item's chains of dependent operations with the next one's.
            // 1. Every item's weights at T, shifted by its first logit, with their column sums.
            for (var n = 0; n < batch; n++) shifts[n] = logits[n * k];
            DrawVectors.Weights(logits[..(batch * k)], shifts, scale, weights, columnSums);
            // 2. The column sums' running sums and Σ at T, and Σ exp(logit − shift) at T = 1 for log p under the model;
            //    an item whose sums overflowed (or met a NaN) again from its largest logit, refused unless it is finite.
            for (var n = 0; n < batch; n++)
            {
                Sum(logits.Slice(n * k, k), n);
                if (!double.IsFinite(totals[n]) || !double.IsFinite(sums[n])) FromLargest(logits, weights, n);
            }
            // 3. The category where the running weight first passes u·Σ.
            CumulativeWeights.Draw(weights, k, uniforms, columnSums, ends, totals, drawn);
        }
        // 4. log p(k) = logit_k − shift − log Σ exp(logit − shift), the logarithms all at once.
        PortableMathVectors.Log(sums, sums);
        for (var n = 0; n < batch; n++) logProbabilities[n] = (double)logits[n * k + drawn[n]] - shifts[n] - sums[n];
    }

    /// <summary>The probabilities at T of the last <see cref="Draw"/>: weights[n, k] = (float)(weights[n, k] / Σ_k weights[n, k]), the division in double.</summary>
    public void Normalize(Span<float> weights)
    {
        for (var n = 0; n < totals.Length; n++) DrawVectors.Divide(weights.Slice(n * categories, categories), totals[n]);
    }

    /// <summary>
    /// Item <paramref name="n"/>'s ends from its column sums and Σ into <see cref="totals"/>; Σ exp(logit − shift) at
    /// T = 1 into <see cref="sums"/>: the same Σ at T = 1, else from its weights at T = 1 (into <see cref="plain"/>).
    /// </summary>
    private void Sum(ReadOnlySpan<float> logits, int n)
    {
        const int columns = CumulativeWeights.Columns;
        totals[n] = CumulativeWeights.Ends(columnSums.AsSpan(n * columns), ends.AsSpan(n * columns));
        if (plain.Length == 0) sums[n] = totals[n];
        else
        {
            DrawVectors.Weights(logits, shifts.AsSpan(n, 1), PlainScale, plain, plainSums.AsSpan(0, columns));
            sums[n] = CumulativeWeights.Ends(plainSums.AsSpan(0, columns), plainSums.AsSpan(columns));
        }
    }

    /// <summary>Item <paramref name="n"/>'s weights, sums and Σ again, shifted by its largest logit (no weight above 1 by more than rounding).</summary>
    private void FromLargest(ReadOnlySpan<float> logits, Span<float> weights, int n)
    {
        var (k, columns) = (categories, CumulativeWeights.Columns);
        var row = logits.Slice(n * k, k);
        shifts[n] = CheckedMax(DrawVectors.Max(row), n);
        DrawVectors.Weights(row, shifts.AsSpan(n, 1), scale, weights.Slice(n * k, k), columnSums.AsSpan(n * columns, columns));
        Sum(row, n);
    }

    /// <summary>
    /// The draws for binary pixels at T = 1: the operations of the general case with the ones whose result is known left
    /// out. Both weights 2^y, y = logit·s − shift·s with the first logit as the shift (all items' together); Σ is w₀ + w₁
    /// in single precision, as the column sums and their scan give it; k = 0 when w₀ &gt; u·Σ (rounded to single
    /// precision), else 1 (0 when w₁ is 0, the last positive weight). An item whose Σ overflowed is drawn again from its larger logit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void DrawBinary(ReadOnlySpan<float> logits, ReadOnlySpan<double> uniforms, Span<float> weights, Span<int> drawn)
    {
        var batch = shifts.Length;
        for (var n = 0; n < batch; n++)
        {
            var shift = shifts[n] = logits[2 * n];
            var offset = DrawVectors.Offset(shift, scale);
            exponents[2 * n] = DrawVectors.Exponent(logits[2 * n], scale, offset);
            exponents[2 * n + 1] = DrawVectors.Exponent(logits[2 * n + 1], scale, offset);
        }
        DrawVectors.Powers(exponents, weights[..(2 * batch)]);
        for (var n = 0; n < batch; n++)
        {
            var total = weights[2 * n] + weights[2 * n + 1];
            if (!float.IsFinite(total))
            {
                var shift = shifts[n] = CheckedMax(Math.Max(logits[2 * n], logits[2 * n + 1]), n);
                var offset = DrawVectors.Offset(shift, scale);
                weights[2 * n] = DrawVectors.Weight(logits[2 * n], scale, offset);
                weights[2 * n + 1] = DrawVectors.Weight(logits[2 * n + 1], scale, offset);
                total = weights[2 * n] + weights[2 * n + 1];
            }
            totals[n] = sums[n] = total;
            drawn[n] = weights[2 * n] > (float)(uniforms[n] * totals[n]) || !(weights[2 * n + 1] > 0) ? 0 : 1;
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
