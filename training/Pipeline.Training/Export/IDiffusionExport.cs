namespace Pipeline.Export;

/// <summary>What a diffusion package's manifest must carry besides its networks: the noise schedule and sampling defaults.</summary>
public interface IDiffusionExport
{
    /// <summary>T, the number of diffusion steps.</summary>
    int Timesteps { get; }

    /// <summary>βₜ for t = 0..T−1 (linear from <see cref="BetaStart"/> to <see cref="BetaEnd"/>).</summary>
    IReadOnlyList<double> Betas { get; }

    double BetaStart { get; }

    double BetaEnd { get; }

    /// <summary>The shape of one sample, without the batch: [1, 28, 28] for pixels, [Z] for latents.</summary>
    long[] SampleShape { get; }

    /// <summary>Clip the predicted x̂₀ to [−1, 1] while sampling (pixel diffusion).</summary>
    bool ClipSample { get; }

    /// <summary>The default classifier-free guidance weight w of a conditional model.</summary>
    double GuidanceScale { get; }

    /// <summary>Latent diffusion: the decoder receives z / LatentScale (1 for pixel diffusion).</summary>
    double LatentScale { get; }
}
