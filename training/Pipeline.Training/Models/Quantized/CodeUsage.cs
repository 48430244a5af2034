using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models.Quantized;

/// <summary>How a codebook is used: the perplexity of the code frequencies and the codes nobody picks.</summary>
public static class CodeUsage
{
    /// <summary>exp(−Σ_k p_k log p_k) with p_k = n_k / Σn (0·log 0 = 0), from the counts n [K].</summary>
    public static Tensor Perplexity(Tensor counts)
    {
        var p = counts / counts.sum().clamp_min(1);
        return exp(-(p * (p + 1e-10).log()).sum());
    }

    /// <summary>The assignments of each of <paramref name="codes"/> codes among the indices [any shape], float [K].</summary>
    public static Tensor Counts(Tensor indices, int codes) => indices.flatten().bincount(null, codes).to(ScalarType.Float32);
}
