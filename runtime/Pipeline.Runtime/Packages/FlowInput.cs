namespace Pipeline.Runtime.Packages;

/// <summary>What a flow package models (manifest "flow.input").</summary>
public enum FlowInput
{
    /// <summary>8-bit images: dequantized intensities x ∈ [0, 1) enter as y = logit(α + (1 − 2α)x).</summary>
    Pixels,

    /// <summary>Continuous points, modelled as they are.</summary>
    Points,
}
