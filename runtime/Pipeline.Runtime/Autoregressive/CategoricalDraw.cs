using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>One draw from a categorical distribution given by logits, by inversion of its cumulative distribution.</summary>
internal static class CategoricalDraw
{
    /// <summary>
    /// Draws k ~ softmax(logits / T) with the uniform <paramref name="u"/> ∈ [0, 1): the first k whose cumulative probability
    /// exceeds u. Writes the probabilities at temperature T into <paramref name="probabilities"/> and returns k with
    /// log p(k) under the model itself (T = 1): logits[k] − log Σ exp(logits). Exponentials are <see cref="PortableMath.Exp"/>,
    /// so the same logits and u give the same k on every platform.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static int Draw(ReadOnlySpan<float> logits, double temperature, double u, Span<float> probabilities, out double logProbability)
    {
        var max = double.NegativeInfinity;
        foreach (var logit in logits) max = Math.Max(max, logit);
        double tempered = 0, plain = 0;
        for (var k = 0; k < logits.Length; k++)
        {
            // exp(0) is exactly 1, so the largest logit's weight needs no exponential (half of them for a binary pixel).
            var shifted = logits[k] - max;
            var weight = shifted == 0 ? 1f : (float)PortableMath.Exp(shifted / temperature);
            probabilities[k] = weight;
            tempered += weight;
            plain += temperature == 1 || shifted == 0 ? weight : PortableMath.Exp(shifted);
        }
        var threshold = u * tempered;
        var drawn = logits.Length - 1;
        double cumulative = 0;
        for (var k = 0; k < logits.Length; k++)
        {
            cumulative += probabilities[k];
            if (cumulative > threshold)
            {
                drawn = k;
                break;
            }
        }
        for (var k = 0; k < logits.Length; k++) probabilities[k] = (float)(probabilities[k] / tempered);
        logProbability = logits[drawn] - max - PortableMath.Log(plain);
        return drawn;
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
