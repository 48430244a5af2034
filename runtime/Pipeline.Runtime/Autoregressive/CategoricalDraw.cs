using System.Runtime.CompilerServices;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// One position's draws for a whole batch, each from a categorical distribution given by logits, by inversion of its
/// cumulative distribution. The exponentials of every item and category, and the logarithms of every item, are computed
/// together on SIMD vectors (<see cref="PortableMathVectors"/>, bit for bit <see cref="PortableMath"/>'s), so the same
/// logits and uniforms give the same values on every platform. Owns its scratch buffers, made once for a batch shape and
/// temperature.
/// </summary>
internal sealed class CategoricalDraw
{
    private readonly int categories;
    private readonly double temperature;
    private readonly double[] maxima;      // [N] the largest logit of each item
    private readonly double[] tempered;    // [N, K] (logit − max) / T, then its exponential
    private readonly double[]? plain;      // [N, K] logit − max, then its exponential; none at T = 1, where it is the tempered one
    private readonly double[] sums;        // [N] Σ exp(logit − max), then its logarithm

    public CategoricalDraw(int batchSize, int categories, double temperature)
    {
        this.categories = categories;
        this.temperature = temperature;
        maxima = new double[batchSize];
        tempered = new double[batchSize * categories];
        plain = temperature == 1 ? null : new double[batchSize * categories];
        sums = new double[batchSize];
    }

    /// <summary>
    /// Draws k ~ softmax(logits / T) for every item n with its uniform u[n] ∈ [0, 1): the first k whose cumulative
    /// probability exceeds u. Writes the probabilities at temperature T into <paramref name="probabilities"/> [N, K], k into
    /// <paramref name="drawn"/> [N] and log p(k) under the model itself (T = 1), logits[k] − log Σ exp(logits), into
    /// <paramref name="logProbabilities"/> [N].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Draw(ReadOnlySpan<float> logits, ReadOnlySpan<double> uniforms, Span<float> probabilities, Span<int> drawn, Span<double> logProbabilities)
    {
        var batch = maxima.Length;
        // 1. The largest logit of each item, and every logit's distance from it (÷ T).
        for (var n = 0; n < batch; n++)
        {
            var row = logits.Slice(n * categories, categories);
            var max = double.NegativeInfinity;
            foreach (var logit in row) max = Math.Max(max, logit);
            maxima[n] = max;
            if (plain is null)
                for (var k = 0; k < categories; k++) tempered[n * categories + k] = row[k] - max;
            else
                for (var k = 0; k < categories; k++)
                {
                    tempered[n * categories + k] = (row[k] - max) / temperature;
                    plain[n * categories + k] = row[k] - max;
                }
        }
        // 2. Their exponentials, all at once (the largest logit's is exactly 1).
        PortableMathVectors.Exp(tempered, tempered);
        if (plain is not null) PortableMathVectors.Exp(plain, plain);
        // 3. Each item's draw by inversion of its cumulative weights, and its probabilities at T.
        for (var n = 0; n < batch; n++)
        {
            if (categories == 2 && plain is null)
            {
                drawn[n] = DrawBinary(n, uniforms[n], probabilities.Slice(2 * n, 2));
                continue;
            }
            var weights = probabilities.Slice(n * categories, categories);
            double total = 0, sum = 0;
            for (var k = 0; k < categories; k++)
            {
                weights[k] = (float)tempered[n * categories + k];
                total += weights[k];
                sum += plain is null ? weights[k] : plain[n * categories + k];
            }
            sums[n] = sum;
            var threshold = uniforms[n] * total;
            var chosen = categories - 1;
            double cumulative = 0;
            for (var k = 0; k < categories; k++)
            {
                cumulative += weights[k];
                if (cumulative > threshold)
                {
                    chosen = k;
                    break;
                }
            }
            for (var k = 0; k < categories; k++) weights[k] = (float)(weights[k] / total);
            drawn[n] = chosen;
        }
        // 4. log p(k) = logit_k − max − log Σ exp(logit − max), the logarithms all at once.
        PortableMathVectors.Log(sums, sums);
        for (var n = 0; n < batch; n++) logProbabilities[n] = logits[n * categories + drawn[n]] - maxima[n] - sums[n];
    }

    /// <summary>
    /// Step 3 for a binary pixel at T = 1, without the loops: the same operations as the general case in the same order.
    /// The cumulative weight first passes u·(w₀ + w₁) at k = 0 when w₀ exceeds it, else at k = 1 (or never, and k = K − 1 = 1).
    /// </summary>
    private int DrawBinary(int n, double u, Span<float> weights)
    {
        var (w0, w1) = ((float)tempered[2 * n], (float)tempered[2 * n + 1]);
        var total = (double)w0 + w1;
        sums[n] = total;
        weights[0] = (float)(w0 / total);
        weights[1] = (float)(w1 / total);
        return w0 > u * total ? 0 : 1;
    }

    /// <summary>log p(k) = logits[k] − log Σ exp(logits) (the likelihood of a given value).</summary>
    public static double LogProbability(ReadOnlySpan<float> logits, int k)
    {
        var max = double.NegativeInfinity;
        foreach (var logit in logits) max = Math.Max(max, logit);
        double sum = 0;
        foreach (var logit in logits) sum += PortableMath.Exp(logit - max);
        return logits[k] - max - PortableMath.Log(sum);
    }
}
