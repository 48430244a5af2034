namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// A reverse-process step rule over a <see cref="NoiseSchedule"/> (diffusers-style: the constructor is the config,
/// <see cref="SetTimesteps"/> picks the timesteps, <see cref="Step"/> moves a sample from t to the next timestep).
/// A scheduler is not thread-safe; <see cref="Step"/> allocates nothing.
/// </summary>
public interface IDiffusionScheduler
{
    /// <summary>The package's constants.</summary>
    NoiseSchedule Schedule { get; }

    /// <summary>The timesteps to visit, largest first (all T until <see cref="SetTimesteps"/> is called).</summary>
    ReadOnlySpan<int> Timesteps { get; }

    /// <summary>Visits <paramref name="steps"/> evenly spaced timesteps (1 to T).</summary>
    void SetTimesteps(int steps);

    /// <summary>The timestep after <paramref name="t"/> in <see cref="Timesteps"/>, −1 after the last (the step to x₀).</summary>
    int PreviousTimestep(int t);

    /// <summary>σ of the noise the step from <paramref name="t"/> adds (0: the step needs no noise).</summary>
    double Sigma(int t);

    /// <summary>
    /// One reverse step, in place: <paramref name="sample"/> holds x_t on entry and x_prev on return, given the predicted
    /// noise ε̂(x_t, t) and standard normal <paramref name="noise"/> (may be empty when <see cref="Sigma"/> is 0).
    /// </summary>
    void Step(ReadOnlySpan<float> epsilon, int t, Span<float> sample, ReadOnlySpan<float> noise);

    /// <summary>The step from <paramref name="t"/> as one rule with coefficients (<see cref="AffineStep"/>), for the device graph.</summary>
    AffineStep Affine(int t);
}
