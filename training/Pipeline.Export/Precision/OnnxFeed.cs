namespace Pipeline.Export.Precision;

/// <summary>One run's float inputs: each with its name, full shape (batch first) and values.</summary>
public sealed record OnnxFeed(IReadOnlyList<(string Name, long[] Shape, float[] Values)> Inputs);
