namespace Pipeline.Runtime.Diffusion;

/// <summary>How a <see cref="DiffusionModel"/> samples; the defaults are DDPM over all T timesteps with the package's guidance scale.</summary>
public sealed record DiffusionSamplingOptions
{
    /// <summary>The reverse process.</summary>
    public DiffusionSamplerKind Sampler { get; init; } = DiffusionSamplerKind.Ddpm;

    /// <summary>Reverse steps, 1 to T; null visits all T timesteps (DDIM is usually run with about 50).</summary>
    public int? Steps { get; init; }

    /// <summary>How fewer than T steps are spaced.</summary>
    public TimestepSpacing Spacing { get; init; } = TimestepSpacing.Leading;

    /// <summary>DDIM's η ≥ 0 (eq. 16): 0 is deterministic, 1 matches DDPM's posterior variance. Ignored by DDPM.</summary>
    public double Eta { get; init; }

    /// <summary>DDPM's reverse variance. Ignored by DDIM.</summary>
    public DdpmVariance Variance { get; init; } = DdpmVariance.FixedSmall;

    /// <summary>
    /// Classifier-free guidance scale w ≥ 0 of conditional packages (null: the package's guidance_scale):
    /// 1 is plain conditional sampling and 0 ignores the class (both one network pass); any other w runs
    /// the conditional and null-label halves as one batch of 2N.
    /// </summary>
    public double? GuidanceScale { get; init; }

    /// <summary>
    /// Where x_t stays between steps: <see cref="DiffusionStatePlacement.Host"/> (managed memory, the scheduler's C# step) by
    /// default, or <see cref="DiffusionStatePlacement.Device"/> (the denoiser provider's memory, the step as a graph there),
    /// which spares a GPU the copies of x_t and ε̂ at every step, or <see cref="DiffusionStatePlacement.CudaGraph"/> (Device,
    /// with the denoiser's kernels captured once on CUDA and replayed).
    /// </summary>
    public DiffusionStatePlacement StatePlacement { get; init; } = DiffusionStatePlacement.Host;

    /// <summary>Images generated together; larger requests run in chunks of this size.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>
    /// Chunks sampled at once, each on a thread of its own; a request is cut so that every worker has a chunk (chunks of
    /// min(<see cref="BatchSize"/>, ⌈count / workers⌉)). The images are the same whatever the workers. Give the package
    /// <c>RuntimeOptions.IntraOpThreads = 1</c> with it, so that each denoiser run stays on its worker's thread: on 2
    /// cores the shipped DDPM sampled 1.35× the images per second on two workers (`tools/pipeline bench workers`, DDIM-20).
    /// </summary>
    public int Workers { get; init; } = 1;

    /// <summary>Throws when an option is out of range, naming the valid values.</summary>
    internal void Validate(int trainTimesteps)
    {
        if (!Enum.IsDefined(Sampler)) throw new ArgumentOutOfRangeException(nameof(Sampler), Sampler, "use Ddpm or Ddim");
        if (!Enum.IsDefined(Spacing)) throw new ArgumentOutOfRangeException(nameof(Spacing), Spacing, "use Leading, Trailing or Linspace");
        if (!Enum.IsDefined(Variance)) throw new ArgumentOutOfRangeException(nameof(Variance), Variance, "use FixedSmall or FixedLarge");
        if (Steps is { } steps && (steps < 1 || steps > trainTimesteps))
            throw new ArgumentOutOfRangeException(nameof(Steps), steps, $"use 1 to {trainTimesteps} steps (the package's timesteps), or null for all");
        if (!double.IsFinite(Eta) || Eta < 0) throw new ArgumentOutOfRangeException(nameof(Eta), Eta, "η must be ≥ 0 (0: deterministic DDIM)");
        if (GuidanceScale is { } w && (!double.IsFinite(w) || w < 0))
            throw new ArgumentOutOfRangeException(nameof(GuidanceScale), w, "the guidance scale must be ≥ 0 (1: plain conditional), or null for the package's");
        if (!Enum.IsDefined(StatePlacement)) throw new ArgumentOutOfRangeException(nameof(StatePlacement), StatePlacement, "use Host, Device or CudaGraph");
        if (BatchSize < 1) throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "the batch size must be at least 1");
        if (Workers < 1) throw new ArgumentOutOfRangeException(nameof(Workers), Workers, "the workers must be at least 1 (1 samples the chunks one after the other)");
        if (Workers > 1 && StatePlacement == DiffusionStatePlacement.CudaGraph)
            throw new ArgumentException($"StatePlacement = CudaGraph samples on one worker (Workers = 1, not {Workers}): ONNX Runtime captures a CUDA graph " +
                                        "in a mode that another thread's GPU calls break, and a GPU runs one chunk's steps at a time anyway", nameof(Workers));
    }

    /// <summary>The scheduler these options ask for, with its timesteps set.</summary>
    internal IDiffusionScheduler CreateScheduler(NoiseSchedule schedule, bool clipSample)
    {
        IDiffusionScheduler scheduler = Sampler == DiffusionSamplerKind.Ddim
            ? new DdimScheduler(schedule, Eta, clipSample, Spacing)
            : new DdpmScheduler(schedule, Variance, clipSample, Spacing);
        scheduler.SetTimesteps(Steps ?? schedule.TrainTimesteps);
        CheckStart(schedule, scheduler.Timesteps[0]);
        return scheduler;
    }

    /// <summary>
    /// The most of x₀'s variance, ᾱ, that the first timestep may keep when it is not T − 1: 5 % (√ᾱ ≈ 0.22 of its
    /// amplitude). DDIM-3 of the shipped schedule starts at t = 666 with 1.1 % and is kept.
    /// </summary>
    private const double MaxStartSignal = 0.05;

    /// <summary>
    /// Sampling starts from x_T ~ N(0, I), so its first timestep must be that noisy. Leading spacing (and linspace for one
    /// step) can start far lower: one step of either visits t = 0 only, and 2 of 1,000 start at t = 500, where
    /// √ᾱ ≈ 0.28 of the signal should remain; the denoiser would take pure noise for a half-clean image.
    /// </summary>
    private void CheckStart(NoiseSchedule schedule, int first)
    {
        var last = schedule.TrainTimesteps - 1;
        if (first == last || schedule.AlphasCumprod[first] <= Math.Max(MaxStartSignal, schedule.AlphasCumprod[last])) return;
        throw new ArgumentException($"{Spacing} spacing of {Steps} of {schedule.TrainTimesteps} steps starts at t = {first}, where ᾱ = {schedule.AlphasCumprod[first]:G3} " +
            $"of the signal remains (x_T holds {schedule.AlphasCumprod[last]:G3}): sampling would start from pure noise as if it were that clean. " +
            "Use Trailing spacing (--spacing trailing), which starts at T − 1, or more steps", nameof(Steps));
    }

    /// <summary>DDIM (η = 0) in <paramref name="steps"/> steps, the fast deterministic sampler.</summary>
    public static DiffusionSamplingOptions Ddim(int steps) => new() { Sampler = DiffusionSamplerKind.Ddim, Steps = steps };
}
