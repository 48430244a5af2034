namespace Pipeline.Models.Flows;

/// <summary>The kinds of step on a flow's path from the data x to the Gaussian z.</summary>
public enum FlowStepKind
{
    /// <summary>Per-channel affine normalization z = (x − b) ⊙ exp(−log s) (Kingma and Dhariwal 2018, Glow).</summary>
    ActNorm,

    /// <summary>An affine coupling layer (seed 003 §III; Dinh et al. 2017, RealNVP).</summary>
    Coupling,

    /// <summary>Each 2×2 patch of a channel becomes 4 channels: [C, H, W] → [4C, H/2, W/2].</summary>
    Squeeze,

    /// <summary>Multi-scale factoring out: the second half of the channels leaves the flow as part of z.</summary>
    Split,
}
