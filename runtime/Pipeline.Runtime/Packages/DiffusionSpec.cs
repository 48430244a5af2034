namespace Pipeline.Runtime.Packages;

/// <summary>
/// The manifest's "diffusion" section: every constant a diffusion sampler needs. The sampler uses the explicit
/// <see cref="Betas"/> array; <see cref="BetaSchedule"/>, <see cref="BetaStart"/> and <see cref="BetaEnd"/> say how it was made.
/// </summary>
/// <remarks>
/// The denoiser network takes "sample" [batch, ...<see cref="SampleShape"/>], "timestep" [batch] (float32 holding the
/// integer t in 0..T−1) and, for class-conditional packages (those with a classes section), "label" [batch, K]
/// (float32 one-hot; the all-zero row is the null label of classifier-free guidance); it outputs "epsilon"
/// with the sample's shape.
/// </remarks>
public sealed record DiffusionSpec
{
    /// <summary>The number of training timesteps T (JSON "timesteps").</summary>
    public required int Timesteps { get; init; }

    /// <summary>How <see cref="Betas"/> was made (JSON "beta_schedule").</summary>
    public BetaSchedule BetaSchedule { get; init; } = BetaSchedule.Linear;

    /// <summary>β of the first timestep for <see cref="BetaSchedule.Linear"/> (JSON "beta_start").</summary>
    public double BetaStart { get; init; } = 1e-4;

    /// <summary>β of the last timestep for <see cref="BetaSchedule.Linear"/> (JSON "beta_end").</summary>
    public double BetaEnd { get; init; } = 0.02;

    /// <summary>β_t for t = 0..T−1, float64, each in (0, 1) (JSON "betas"); the sampler uses these values.</summary>
    public required double[] Betas { get; init; }

    /// <summary>What the denoiser predicts (JSON "prediction").</summary>
    public PredictionType Prediction { get; init; } = PredictionType.Epsilon;

    /// <summary>The shape of one sample without the batch: [C, H, W] for pixel diffusion, [Z] for latent diffusion (JSON "sample_shape").</summary>
    public required long[] SampleShape { get; init; }

    /// <summary>Clip the predicted x̂₀ to [−1, 1] in each reverse step (pixel diffusion with pixels in [−1, 1]) (JSON "clip_sample").</summary>
    public bool ClipSample { get; init; }

    /// <summary>
    /// The default classifier-free guidance scale w of a conditional package (JSON "guidance_scale"):
    /// ε̂ = ε̂(x, ∅) + w·(ε̂(x, c) − ε̂(x, ∅)); 1 is plain conditional sampling, 0 ignores the class.
    /// </summary>
    public double GuidanceScale { get; init; } = 1.0;

    /// <summary>Latent diffusion: the denoiser's codes are the autoencoder's codes times this; the decoder gets z / latent_scale (JSON "latent_scale").</summary>
    public double LatentScale { get; init; } = 1.0;

    /// <summary>Values per sample (the product of <see cref="SampleShape"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int SampleSize => (int)SampleShape.Aggregate(1L, (a, d) => a * d);
}
