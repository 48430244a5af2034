namespace Pipeline.Tools.Benchmarks;

/// <summary>The median of a bench's rounds (single rounds vary a lot on a shared machine), and how sure it is.</summary>
internal static class Median
{
    public static double Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>
    /// Half the width of a distribution-free 95% confidence interval of the median, relative to the median: the order
    /// statistics of ranks n/2 ∓ 0.98·√n bound the median with 95% probability whatever the distribution (the normal
    /// approximation to the binomial B(n, ½)). Infinite with fewer than 6 values, where no such interval exists.
    /// </summary>
    public static double RelativeSpread(IReadOnlyCollection<double> values)
    {
        var n = values.Count;
        if (n < 6) return double.PositiveInfinity;
        var sorted = values.Order().ToList();
        var low = Math.Max(0, (int)Math.Floor(n / 2.0 - 0.98 * Math.Sqrt(n)) - 1);
        var high = Math.Min(n - 1, (int)Math.Ceiling(n / 2.0 + 0.98 * Math.Sqrt(n)));
        return (sorted[high] - sorted[low]) / 2 / Math.Abs(Of(sorted));
    }

    /// <summary><see cref="RelativeSpread"/> as a percentage, or a dash where fewer than 6 values give no interval.</summary>
    public static string SpreadText(IReadOnlyCollection<double> values) =>
        RelativeSpread(values) is var spread && double.IsFinite(spread) ? $"{spread * 100:F1}%" : "– (< 6 rounds)";
}
