namespace Pipeline.Runtime.Packages;

/// <summary>A network input or output: its name and shape (−1 is the dynamic batch dimension).</summary>
public sealed record TensorSpec(string Name, long[] Shape)
{
    /// <summary>Elements per batch item (the product of the dimensions after the batch).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long ItemSize => Shape.Skip(1).Aggregate(1L, (a, d) => a * d);

    /// <summary>The name and shape, e.g. "latent [batch, 2]".</summary>
    public override string ToString() => $"{Name} [{string.Join(", ", Shape.Select(d => d < 0 ? "batch" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]";
}
