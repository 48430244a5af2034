namespace Pipeline.Tools.Evaluation;

/// <summary>
/// How well latent dimensions encode image attributes (AR-VAE, Pati and Lerch 2020, §5.2): Spearman's rank correlation of
/// each regularized dimension with its attribute, and the interpretability score of Adel et al. (2018) as the AR-VAE paper
/// computes it: for each attribute, the latent dimension sharing the most mutual information with it (both discretized
/// into <see cref="Bins"/> equal-width bins), then the R² of a least-squares line predicting the attribute from that
/// dimension; the score is the mean R² over the attributes.
/// </summary>
public static class AttributeMetrics
{
    public const int Bins = 20;

    /// <summary>Spearman's ρ: Pearson's correlation of the ranks (ties get their mean rank).</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y) => Pearson(Ranks(x), Ranks(y));

    /// <summary>Pearson's correlation (0 when either varies not at all).</summary>
    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count || x.Count < 2) throw new ArgumentException("correlate two series of the same length, 2 or more");
        var (mx, my) = (x.Average(), y.Average());
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            var (dx, dy) = (x[i] - mx, y[i] - my);
            (sxy, sxx, syy) = (sxy + dx * dy, sxx + dx * dx, syy + dy * dy);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>I(x; y) in nats of the two series, each discretized into <paramref name="bins"/> equal-width bins.</summary>
    public static double MutualInformation(IReadOnlyList<double> x, IReadOnlyList<double> y, int bins = Bins)
    {
        var (bx, by) = (Discretize(x, bins), Discretize(y, bins));
        var joint = new double[bins, bins];
        var (px, py) = (new double[bins], new double[bins]);
        var n = (double)x.Count;
        for (var i = 0; i < x.Count; i++)
        {
            joint[bx[i], by[i]] += 1 / n;
            px[bx[i]] += 1 / n;
            py[by[i]] += 1 / n;
        }
        double information = 0;
        for (var a = 0; a < bins; a++)
            for (var b = 0; b < bins; b++)
                if (joint[a, b] > 0) information += joint[a, b] * Math.Log(joint[a, b] / (px[a] * py[b]));
        return information;
    }

    /// <summary>R² of the least-squares line y ≈ α + βx (the squared Pearson correlation).</summary>
    public static double RSquared(IReadOnlyList<double> x, IReadOnlyList<double> y) => Math.Pow(Pearson(x, y), 2);

    /// <summary>
    /// Adel et al.'s interpretability of codes [N, Z] (row-major) for each attribute column: the latent dimension of maximal
    /// mutual information with it, and the R² of predicting the attribute from that dimension.
    /// </summary>
    public static IReadOnlyList<(int Dimension, double RSquared)> Interpretability(float[] codes, int latentSize, IReadOnlyList<double[]> attributes)
    {
        var count = codes.Length / latentSize;
        var dimensions = Enumerable.Range(0, latentSize).Select(d => Enumerable.Range(0, count).Select(n => (double)codes[n * latentSize + d]).ToArray()).ToArray();
        return attributes.Select(a =>
        {
            var best = Enumerable.Range(0, latentSize).MaxBy(d => MutualInformation(dimensions[d], a));
            return (best, RSquared(dimensions[best], a));
        }).ToList();
    }

    private static int[] Discretize(IReadOnlyList<double> values, int bins)
    {
        var (low, high) = (values.Min(), values.Max());
        var width = (high - low) / bins;
        return values.Select(v => width == 0 ? 0 : Math.Min(bins - 1, (int)((v - low) / width))).ToArray();
    }

    private static double[] Ranks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            for (var k = start; k <= end; k++) ranks[order[k]] = (start + end) / 2.0;
            start = end + 1;
        }
        return ranks;
    }
}
