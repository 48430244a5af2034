namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// How <c>SetTimesteps(steps)</c> picks <c>steps</c> of the T training timesteps (the names of diffusers'
/// <c>timestep_spacing</c>). With steps = T all three give T−1, T−2, …, 0.
/// </summary>
public enum TimestepSpacing
{
    /// <summary>t = k·⌊T/steps⌋ for k = steps−1..0, as in Song et al.'s DDIM code (T = 1000, 50 steps: 980, 960, …, 0).</summary>
    Leading,

    /// <summary>t = round(T − k·T/steps) − 1 for k = 0..steps−1: starts at T−1 (T = 1000, 50 steps: 999, 979, …, 19).</summary>
    Trailing,

    /// <summary>t = round of steps values evenly spaced from T−1 down to 0 (T = 1000, 50 steps: 999, 979, …, 0).</summary>
    Linspace,
}
