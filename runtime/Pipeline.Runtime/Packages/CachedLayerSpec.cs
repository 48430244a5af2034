namespace Pipeline.Runtime.Packages;

/// <summary>A layer whose input an incremental PixelCNN's runtime caches: its channels and the k of its k×k kernel.</summary>
public sealed record CachedLayerSpec(int Channels, int Kernel)
{
    /// <summary>R: the neighbours of a position that can be non-zero when it is drawn, k/2 rows above it and k/2 left of it.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int CausalNeighbours => Kernel / 2 * Kernel + Kernel / 2;

    /// <summary>This layer's floats in a step's patches: R·C (<see cref="IncrementalDecoding.CausalPixelCnn"/>) or C·k·k.</summary>
    public int PatchSize(IncrementalDecoding form) => (form == IncrementalDecoding.CausalPixelCnn ? CausalNeighbours : Kernel * Kernel) * Channels;
}
