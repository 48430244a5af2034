namespace Pipeline.Export.Precision;

/// <summary>
/// Adds up how far candidate output values are from reference ones, output after output, into an <see cref="OutputDifference"/>.
/// The same value (±∞ included) agrees, NaN on both sides too, as the export's verifier counts it; NaN on one side is an
/// infinite difference.
/// </summary>
public sealed class DifferenceTally
{
    private double worst, sum, largest;
    private long count;

    /// <summary>Takes in one output of both, value for value.</summary>
    public void Add(ReadOnlySpan<float> reference, ReadOnlySpan<float> candidate)
    {
        count += reference.Length;
        for (var i = 0; i < reference.Length; i++)
        {
            var (a, b) = (reference[i], candidate[i]);
            var difference = a == b || (float.IsNaN(a) && float.IsNaN(b)) ? 0 : Math.Abs((double)a - b);
            worst = Math.Max(worst, double.IsNaN(difference) ? double.PositiveInfinity : difference);
            sum += difference;
            largest = Math.Max(largest, Math.Abs((double)a));
        }
    }

    /// <summary>The largest and the mean difference so far, and the largest |reference value|.</summary>
    public OutputDifference Result => new(worst, count == 0 ? 0 : sum / count, largest);
}
