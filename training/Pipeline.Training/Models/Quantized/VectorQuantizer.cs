using Pipeline.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Quantized;

/// <summary>
/// The VQ-VAE's bottleneck (seed 001 §4, van den Oord et al. 2017): a codebook e [K, D] and the nearest-neighbour
/// posterior q(z = k | x) = 1 for k = argmin_j ‖z_e(x) − e_j‖₂. The codes learn either by the codebook loss
/// ‖sg[z_e] − e‖² or, with <see cref="Ema"/>, as moving averages of the encoder outputs assigned to them (appendix A.1);
/// with <see cref="RestartDeadCodes"/>, codes nobody uses are moved onto encoder outputs of the batch.
/// </summary>
public sealed class VectorQuantizer : nn.Module<Tensor, Tensor>, Pipeline.Distributed.IRankLocalUpdates, Pipeline.Distributed.IBatchStatistics
{
    /// <summary>ε of the Laplace smoothing of the EMA counts (keeps e_k = m_k / N_k finite for unused codes).</summary>
    public const double Epsilon = 1e-5;

    private readonly Parameter embedding;      // e [K, D]; updated by gradient, or in place (EMA) when it needs none
    private readonly Tensor clusterSize;       // N_k [K]: EMA of the assignments per step
    private readonly Tensor embeddingSum;      // m_k [K, D]: EMA of the sum of the z_e assigned to k (EMA mode)

    public VectorQuantizer(int codes, int dimension, bool ema = false, double decay = 0.99, bool restartDeadCodes = false, double deadThreshold = 1)
        : base(nameof(VectorQuantizer))
    {
        (Codes, Dimension, Ema, Decay, RestartDeadCodes, DeadThreshold) = (codes, dimension, ema, decay, restartDeadCodes, deadThreshold);
        embedding = new Parameter(empty(codes, dimension).uniform_(-1.0 / codes, 1.0 / codes), requires_grad: !ema);
        clusterSize = zeros(codes);
        embeddingSum = embedding.detach().clone();
        RegisterComponents();
    }

    /// <summary>K.</summary>
    public int Codes { get; }

    /// <summary>D.</summary>
    public int Dimension { get; }

    public bool Ema { get; }

    /// <summary>γ.</summary>
    public double Decay { get; }

    public bool RestartDeadCodes { get; }

    public double DeadThreshold { get; }

    /// <summary>The codebook e [K, D].</summary>
    public Parameter Codebook => embedding;

    /// <summary>
    /// A codebook learned by gradient whose dead codes restart on encoder outputs of each rank's own batch: data-parallel
    /// training keeps rank 0's rows, or the ranks' codebooks would part at the first restart.
    /// </summary>
    public IEnumerable<Tensor> RankLocalState => RestartDeadCodes && !Ema ? [embedding] : [];

    /// <summary>
    /// Data-parallel training's ranks: the usage counts n_k and the sums Σ z_e of each batch are summed over them before
    /// the moving averages take them in, so the codebook learns from the whole batch on every rank.
    /// </summary>
    public Pipeline.Distributed.IProcessGroup? Group { get; set; }

    /// <summary>N_k: the EMA of each code's assignments per training step [K].</summary>
    public Tensor ClusterSize => clusterSize;

    /// <summary>m_k: the EMA of the sum of the encoder outputs assigned to each code [K, D] (EMA mode).</summary>
    public Tensor EmbeddingSum => embeddingSum;

    /// <summary>Codes whose EMA usage is below <see cref="DeadThreshold"/>.</summary>
    public long DeadCodes() => (clusterSize < DeadThreshold).sum().ToInt64();

    /// <summary>z_q(x) with the straight-through gradient (<see cref="Quantization.Quantized"/>).</summary>
    public override Tensor forward(Tensor ze) => Quantize(ze).Quantized;

    /// <summary>k = argmin_j ‖z − e_j‖² for each row of z [M, D], by ‖z‖² − 2 z·e_j + ‖e_j‖²: int64 [M].</summary>
    public Tensor Nearest(Tensor z)
    {
        using var scope = NewDisposeScope();
        var distances = z.pow(2).sum(1, keepdim: true) - 2 * z.matmul(embedding.t()) + embedding.pow(2).sum(1);   // [M, K]
        return distances.argmin(1).MoveToOuterDisposeScope();
    }

    /// <summary>The nearest code of every position of a grid z_e [N, D, H, W]: int64 [N, H, W] (no gradients).</summary>
    public Tensor NearestCodes(Tensor ze)
    {
        using var noGrad = no_grad();
        return Nearest(Flat(ze)).reshape(ze.shape[0], ze.shape[2], ze.shape[3]);
    }

    /// <summary>
    /// Quantizes a grid z_e [N, D, H, W]. In training mode, dead codes are restarted first (drawing from
    /// <paramref name="noise"/>), and afterwards the usage counts (and, in EMA mode, the codebook) take in this batch.
    /// </summary>
    public Quantization Quantize(Tensor ze, Generator? noise = null)
    {
        var (n, h, w) = (ze.shape[0], ze.shape[2], ze.shape[3]);
        var flat = Flat(ze);                                                         // z_e per position, [M, D], M = N·H·W
        if (training && RestartDeadCodes) Restart(flat.detach(), noise);
        // 1. q(z = k | x): the nearest code of each position.
        var codes = Nearest(flat.detach());                                          // [M]
        var quantized = embedding.index_select(0, codes);                             // e_k, [M, D]
        // 2. The two VQ terms of the loss: L = log p(x | z_q) + ‖sg[z_e] − e‖² + β‖z_e − sg[e]‖².
        var codebookLoss = F.mse_loss(quantized, flat.detach());
        var commitmentLoss = F.mse_loss(flat, quantized.detach());
        // 3. Straight-through: z_q forward, the decoder's gradient copied onto z_e backward.
        var straightThrough = flat + (quantized - flat).detach();
        var counts = CodeUsage.Counts(codes, Codes);                                  // n_k, [K]
        if (training) Update(flat.detach(), codes, counts);
        return new Quantization(straightThrough.reshape(n, h, w, Dimension).permute(0, 3, 1, 2), codes.reshape(n, h, w),
                                codebookLoss, commitmentLoss, counts);
    }

    /// <summary>A grid [N, D, H, W] as one row per position, [N·H·W, D].</summary>
    private Tensor Flat(Tensor ze) => ze.permute(0, 2, 3, 1).reshape(-1, Dimension);

    /// <summary>e_k for codes [any shape] (int64): [..., D].</summary>
    public Tensor Lookup(Tensor codes) => embedding.index_select(0, codes.flatten()).reshape([.. codes.shape, Dimension]);

    /// <summary>
    /// Appendix A.1: N_k ← γN_k + (1 − γ)n_k (always: it measures usage), and in EMA mode
    /// m_k ← γm_k + (1 − γ)Σ_{z_e ↦ k} z_e, then e_k = m_k / Ñ_k with the Laplace-smoothed Ñ_k = (N_k + ε) / (ΣN + Kε) · ΣN.
    /// </summary>
    private void Update(Tensor flat, Tensor codes, Tensor counts)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var sums = Ema ? zeros(Codes, Dimension, device: flat.device).index_add_(0, codes, flat, 1) : null;   // Σ_{z_e ↦ k} z_e, [K, D]
        if (Group is { Size: > 1 } group) (counts, sums) = (SumOverRanks(group, counts), sums is null ? null : SumOverRanks(group, sums));
        clusterSize.mul_(Decay).add_(counts, alpha: 1 - Decay);
        if (sums is null) return;
        embeddingSum.mul_(Decay).add_(sums, alpha: 1 - Decay);
        var total = clusterSize.sum();
        var smoothed = (clusterSize + Epsilon) / (total + Codes * Epsilon) * total;            // Ñ_k, [K]
        embedding.copy_(embeddingSum / smoothed.unsqueeze(1));
    }

    /// <summary>A batch statistic summed over the ranks of <paramref name="group"/> (float32, as the buffers are).</summary>
    private static Tensor SumOverRanks(Pipeline.Distributed.IProcessGroup group, Tensor values)
    {
        var buffer = values.to(float32).cpu().data<float>().ToArray();
        group.AllReduceSum(buffer);
        return tensor(buffer, values.shape, device: values.device).to(values.dtype);
    }

    /// <summary>
    /// Moves every dead code onto a random encoder output of the batch and gives it a usage of twice the threshold: a code
    /// that keeps being picked stays alive, one that is not is dead again after about 70 steps (γ = 0.99) and moves again.
    /// </summary>
    private void Restart(Tensor flat, Generator? noise)
    {
        var generator = noise ?? throw new ArgumentException("restarting dead codes draws from the noise generator: pass it to Quantize", nameof(noise));
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var dead = (clusterSize < DeadThreshold).nonzero().flatten();                 // [R]
        var count = dead.shape[0];
        if (count == 0) return;
        var picked = flat.index_select(0, Noise.RandInt(0, flat.shape[0], [count], generator, flat.device));   // [R, D]
        var usage = 2 * DeadThreshold;
        embedding.index_copy_(0, dead, picked);
        clusterSize.index_fill_(0, dead, usage);
        embeddingSum.index_copy_(0, dead, picked * usage);
    }
}
