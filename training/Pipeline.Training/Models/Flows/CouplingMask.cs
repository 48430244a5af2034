namespace Pipeline.Models.Flows;

/// <summary>Which entries b = 1 an affine coupling keeps (Z₁) and conditions on; the others (Z₂) are transformed.</summary>
public enum CouplingMask
{
    /// <summary>Spatial checkerboard: b = 1 where (h + w) mod 2 = parity, in every channel.</summary>
    Checkerboard,

    /// <summary>Channel-wise: b = 1 on the first half of the channels (parity 0) or on the second half (parity 1).</summary>
    Channel,
}
