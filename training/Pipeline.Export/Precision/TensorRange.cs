namespace Pipeline.Export.Precision;

/// <summary>The smallest and largest value a tensor took over the calibration inputs.</summary>
public readonly record struct TensorRange(float Min, float Max)
{
    /// <summary>This range widened to hold <paramref name="values"/>.</summary>
    public TensorRange Including(ReadOnlySpan<float> values)
    {
        var (min, max) = (Min, Max);
        foreach (var v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        return new TensorRange(min, max);
    }

    /// <summary>A range that holds nothing yet.</summary>
    public static TensorRange Empty => new(float.PositiveInfinity, float.NegativeInfinity);
}
