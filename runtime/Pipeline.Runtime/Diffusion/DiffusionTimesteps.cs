namespace Pipeline.Runtime.Diffusion;

/// <summary>The timesteps a sampler visits, largest first, and the step that follows each.</summary>
internal static class DiffusionTimesteps
{
    /// <summary>Marks a training timestep the schedule does not visit in <see cref="PreviousTable"/>.</summary>
    public const int NotVisited = int.MinValue;

    /// <summary><paramref name="steps"/> of <paramref name="trainTimesteps"/> timesteps, descending and distinct.</summary>
    public static int[] Spaced(int trainTimesteps, int steps, TimestepSpacing spacing)
    {
        if (steps < 1 || steps > trainTimesteps)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, $"use 1 to {trainTimesteps} steps (the package's training timesteps)");
        var timesteps = new int[steps];
        for (var k = 0; k < steps; k++)
        {
            timesteps[k] = spacing switch
            {
                // k-th from the end of arange(0, steps)·⌊T/steps⌋
                TimestepSpacing.Leading => (steps - 1 - k) * (trainTimesteps / steps),
                // round(T − k·T/steps) − 1
                TimestepSpacing.Trailing => (int)Math.Round(trainTimesteps - k * ((double)trainTimesteps / steps)) - 1,
                // round of linspace(0, T − 1, steps), reversed
                TimestepSpacing.Linspace => steps == 1 ? 0 : (int)Math.Round((double)(trainTimesteps - 1) * (steps - 1 - k) / (steps - 1)),
                _ => throw new ArgumentOutOfRangeException(nameof(spacing), spacing, "use Leading, Trailing or Linspace"),
            };
        }
        return timesteps;
    }

    /// <summary>
    /// previous[t] = the timestep visited after t (−1 after the last, meaning x₀), or <see cref="NotVisited"/>;
    /// one entry per training timestep, so a step looks its successor up without searching or allocating.
    /// </summary>
    public static int[] PreviousTable(int trainTimesteps, ReadOnlySpan<int> timesteps)
    {
        var previous = new int[trainTimesteps];
        Array.Fill(previous, NotVisited);
        for (var k = 0; k < timesteps.Length; k++) previous[timesteps[k]] = k + 1 < timesteps.Length ? timesteps[k + 1] : -1;
        return previous;
    }
}
