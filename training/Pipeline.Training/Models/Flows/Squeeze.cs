using static TorchSharp.torch;

namespace Pipeline.Models.Flows;

/// <summary>
/// RealNVP's squeeze (Dinh et al. 2017, §3.6): every 2×2 patch of a channel becomes 4 channels,
/// out[c·4 + 2i + j, h, w] = in[c, 2h + i, 2w + j]; a permutation, so its log-determinant is 0.
/// </summary>
public static class Squeeze
{
    /// <summary>[N, C, H, W] → [N, 4C, H/2, W/2].</summary>
    public static Tensor Forward(Tensor x)
    {
        var (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        return x.reshape(n, c, h / 2, 2, w / 2, 2).permute(0, 1, 3, 5, 2, 4).reshape(n, c * 4, h / 2, w / 2);
    }

    /// <summary>[N, 4C, H/2, W/2] → [N, C, H, W].</summary>
    public static Tensor Inverse(Tensor x)
    {
        var (n, c, h, w) = (x.shape[0], x.shape[1] / 4, x.shape[2], x.shape[3]);
        return x.reshape(n, c, 2, 2, h, w).permute(0, 1, 4, 2, 5, 3).reshape(n, c, h * 2, w * 2);
    }
}
