namespace Pipeline.Runtime.Randomness;

/// <summary>
/// One stream per generated item, for the loops that draw in every step (diffusion's noise, autoregressive decoding's
/// uniforms): item n of a run with seed s draws from the stream of <see cref="ItemSeed"/>(s, n), so an image does not
/// depend on the batch size or the chunk it falls in.
/// </summary>
internal static class NoiseStreams
{
    /// <summary>A SplitMix64 hash of the run's seed and the item's index: output number item + 1 of the generator seeded by the run's seed.</summary>
    public static ulong ItemSeed(long seed, long item)
    {
        var state = unchecked((ulong)seed + 0x9E3779B97F4A7C15UL * (ulong)item);
        return SeededRandom.SplitMix64(ref state);
    }
}
