using static TorchSharp.torch;

namespace Pipeline.Models.Flows;

/// <summary>
/// The pixel pre-processing of RealNVP (Dinh et al. 2017, §4.1): dequantized intensities x ∈ [0, 1) go to
/// y = logit(α + (1 − 2α)x), so the flow works on the real line; log|dy/dx| = log(1 − 2α) − log p − log(1 − p) with
/// p = α + (1 − 2α)x, summed over the entries.
/// </summary>
public static class LogitTransform
{
    /// <summary>Intensities x [N, ...] → (y, log|det ∂y/∂x| per item [N]).</summary>
    public static (Tensor Y, Tensor LogDet) Forward(Tensor x, double alpha)
    {
        var p = alpha + (1 - 2 * alpha) * x;
        var y = p.log() - (1 - p).log();
        var logDet = (Math.Log(1 - 2 * alpha) - p.log() - (1 - p).log()).flatten(1).sum(1);
        return (y, logDet);
    }

    /// <summary>y → x = (σ(y) − α)/(1 − 2α), clamped to [0, 1].</summary>
    public static Tensor Inverse(Tensor y, double alpha) => ((y.sigmoid() - alpha) / (1 - 2 * alpha)).clamp(0, 1);
}
