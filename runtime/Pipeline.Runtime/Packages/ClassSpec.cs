namespace Pipeline.Runtime.Packages;

/// <summary>The classes a conditional model generates (one-hot encoded at the networks' class input).</summary>
public sealed record ClassSpec(int Count, IReadOnlyList<string> Names);
