using static TorchSharp.torch;

namespace Pipeline.Models.Quantized;

/// <summary>
/// What <see cref="VectorQuantizer.Quantize"/> gives for a grid of encoder outputs z_e [N, D, H, W].
/// </summary>
/// <param name="Quantized">z_q(x) = e_k with k = argmin_j ‖z_e − e_j‖, [N, D, H, W], passing the decoder's gradient straight through to z_e.</param>
/// <param name="Codes">k per position, int64 [N, H, W].</param>
/// <param name="CodebookLoss">‖sg[z_e] − e‖², the mean over positions and dimensions (moves the codes).</param>
/// <param name="CommitmentLoss">‖z_e − sg[e]‖², the same mean (keeps the encoder near its codes).</param>
/// <param name="Counts">Assignments n_k of each code in the batch, float [K].</param>
public sealed record Quantization(Tensor Quantized, Tensor Codes, Tensor CodebookLoss, Tensor CommitmentLoss, Tensor Counts)
{
    /// <summary>The batch's codebook perplexity exp(−Σ_k p_k log p_k), p_k = n_k / Σn: K when every code is used equally, 1 when one is.</summary>
    public Tensor Perplexity() => CodeUsage.Perplexity(Counts);
}
