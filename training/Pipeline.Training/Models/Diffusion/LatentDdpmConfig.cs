using Pipeline.Models.Variational;

namespace Pipeline.Models.Diffusion;

/// <summary>
/// Latent diffusion (seed 003): a DDPM over the latent codes of a frozen VAE. The VAE's kind and configuration are
/// embedded so that a checkpoint (which also holds the VAE's weights) is self-contained; <see cref="LatentScale"/> =
/// 1/std(μ) over the training set gives the diffused latents unit variance.
/// </summary>
public sealed record LatentDdpmConfig
{
    /// <summary>"vae-mlp" or "vae-conv".</summary>
    public string VaeKind { get; init; } = VaeMlp.Kind;

    /// <summary>The VAE's configuration JSON, as saved in its checkpoint.</summary>
    public string VaeConfig { get; init; } = new VaeMlpConfig().ToJson();

    /// <summary>Width of the denoiser MLP's hidden layers.</summary>
    public int Width { get; init; } = 256;

    /// <summary>Residual blocks of the denoiser.</summary>
    public int Blocks { get; init; } = 3;

    /// <summary>Size of the sinusoidal time embedding.</summary>
    public int TimeDim { get; init; } = 128;

    public int Timesteps { get; init; } = 1000;
    public double BetaStart { get; init; } = 1e-4;
    public double BetaEnd { get; init; } = 0.02;

    /// <summary>z = LatentScale·μ(x) is diffused; the decoder receives z / LatentScale.</summary>
    public double LatentScale { get; init; } = 1;

    public string ToJson() => ModelJson.Write(this);

    public static LatentDdpmConfig FromJson(string json) => ModelJson.Read<LatentDdpmConfig>(json, "latent DDPM", c => c.Validate());

    public void Validate()
    {
        if (VaeKind is not (VaeMlp.Kind or VaeConv.Kind)) throw new ArgumentException($"latent diffusion needs an unconditional VAE ({VaeMlp.Kind} or {VaeConv.Kind}), got '{VaeKind}'");
        if (Width <= 0 || Blocks < 1) throw new ArgumentException($"the denoiser needs a positive width and at least one block, got width {Width}, {Blocks} blocks");
        if (TimeDim < 4 || TimeDim % 2 != 0) throw new ArgumentException($"the time embedding needs an even size of at least 4, got {TimeDim}");
        if (Timesteps < 2) throw new ArgumentException($"T must be at least 2, got {Timesteps}");
        if (!double.IsFinite(LatentScale) || LatentScale <= 0) throw new ArgumentException($"the latent scale must be a finite number > 0, got {LatentScale}");
    }
}
