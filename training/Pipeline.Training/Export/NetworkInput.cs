namespace Pipeline.Export;

/// <summary>A float32 input of an exported network; −1 in <see cref="Shape"/> is the dynamic batch dimension.</summary>
public sealed record NetworkInput(string Name, long[] Shape);
