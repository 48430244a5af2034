namespace Pipeline.Checkpoints;

/// <summary>A parsed and validated safetensors header; the data area starts at <see cref="DataStart"/> in the file.</summary>
internal sealed record SafeTensorsHeader(
    IReadOnlyList<SafeTensorsEntry> Entries,
    IReadOnlyDictionary<string, string> Metadata,
    long DataStart);
