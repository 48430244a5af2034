namespace Pipeline.Export.Precision;

/// <summary>How far one graph's outputs are from another's: the largest and the mean absolute difference per value.</summary>
public readonly record struct OutputDifference(double Max, double Mean);
