namespace Pipeline.Runtime.Diffusion;

/// <summary>The bookkeeping both schedulers share: the visited timesteps, each one's successor, and the checks of a step's arguments.</summary>
internal sealed class SchedulerTimesteps
{
    private readonly int trainTimesteps;
    private readonly TimestepSpacing spacing;
    private int[] timesteps;
    private int[] previous;

    public SchedulerTimesteps(int trainTimesteps, TimestepSpacing spacing)
    {
        if (!Enum.IsDefined(spacing)) throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "use Leading, Trailing or Linspace");
        this.trainTimesteps = trainTimesteps;
        this.spacing = spacing;
        timesteps = DiffusionTimesteps.Spaced(trainTimesteps, trainTimesteps, spacing);
        previous = DiffusionTimesteps.PreviousTable(trainTimesteps, timesteps);
    }

    public ReadOnlySpan<int> Timesteps => timesteps;

    public void Set(int steps)
    {
        timesteps = DiffusionTimesteps.Spaced(trainTimesteps, steps, spacing);
        previous = DiffusionTimesteps.PreviousTable(trainTimesteps, timesteps);
    }

    /// <summary>The successor of <paramref name="t"/>; throws when <paramref name="t"/> is not visited.</summary>
    public int Previous(int t)
    {
        if ((uint)t >= (uint)trainTimesteps || previous[t] == DiffusionTimesteps.NotVisited)
            throw new ArgumentOutOfRangeException(nameof(t), t, $"step from a timestep of Timesteps ({timesteps.Length} of 0..{trainTimesteps - 1}; call SetTimesteps to change them)");
        return previous[t];
    }

    /// <summary>Checks the lengths of a step's spans: ε̂ like the sample, noise like the sample unless σ = 0 lets it be empty.</summary>
    public static void CheckStep(int epsilonLength, int sampleLength, int noiseLength, bool needsNoise)
    {
        if (epsilonLength != sampleLength)
            throw new ArgumentException($"ε̂ has {epsilonLength} values but the sample {sampleLength}: pass the denoiser's output for this sample");
        if (noiseLength != sampleLength && (needsNoise || noiseLength != 0))
            throw new ArgumentException($"the noise has {noiseLength} values but the sample {sampleLength}: pass one standard normal draw per value{(needsNoise ? "" : " (or none: this step adds no noise)")}");
    }
}
