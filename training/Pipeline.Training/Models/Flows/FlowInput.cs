namespace Pipeline.Models.Flows;

/// <summary>What a flow models, and so how its data enter and leave the flow.</summary>
public enum FlowInput
{
    /// <summary>
    /// 8-bit images: pixel values v ∈ {0..255} are dequantized, x = (v + u)/256 with u ~ U[0, 1), then logit-transformed,
    /// y = logit(α + (1 − 2α)x); both Jacobians count in log p, so the likelihood is that of the 8-bit images.
    /// </summary>
    Pixels,

    /// <summary>Continuous points (the 2-D toy densities), modelled as they are.</summary>
    Points,
}
