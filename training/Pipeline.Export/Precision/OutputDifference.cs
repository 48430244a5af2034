namespace Pipeline.Export.Precision;

/// <summary>
/// How far one graph's outputs are from another's: the largest and the mean absolute difference per value, and the
/// largest |value| of the reference's outputs (what the difference is relative to).
/// </summary>
public readonly record struct OutputDifference(double Max, double Mean, double ReferenceMax = double.NaN);
