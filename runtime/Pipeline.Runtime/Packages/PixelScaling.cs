namespace Pipeline.Runtime.Packages;

/// <summary>How the networks' pixel values map to intensities in [0, 1].</summary>
public enum PixelScaling
{
    /// <summary>Network pixels are intensities in [0, 1].</summary>
    ZeroOne,

    /// <summary>Network pixels are in [−1, 1]: intensity = (v + 1)/2.</summary>
    MinusOneOne,

    /// <summary>Values are coordinates, not intensities (the 2-D toy flows, whose "images" are [2, 1, 1] points).</summary>
    Points,
}
