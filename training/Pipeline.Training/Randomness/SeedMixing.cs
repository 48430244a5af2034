namespace Pipeline.Randomness;

/// <summary>SplitMix64's output function (Steele, Lea and Flood 2014): 64 well-spread bits from any 64, for deriving seeds.</summary>
public static class SeedMixing
{
    /// <summary>z's bits mixed by SplitMix64's finalizer.</summary>
    public static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
