namespace Pipeline.Runtime.Packages;

/// <summary>The mask b of a coupling (1 = kept and conditioned on), manifest "flow.steps[].mask".</summary>
public enum CouplingMask
{
    /// <summary>b = 1 where (h + w) mod 2 = parity, in every channel.</summary>
    Checkerboard,

    /// <summary>b = 1 on the first half of the channels (parity 0) or on the second half (parity 1).</summary>
    Channel,
}
