namespace Pipeline.Runtime.Models;

/// <summary>A generation that advances one step at a time (a reverse diffusion step, an autoregressive position).</summary>
public interface IStepwiseSampler
{
    /// <summary>Steps of one generation.</summary>
    int TotalSteps { get; }

    /// <summary>Steps done since the generation started.</summary>
    int StepsDone { get; }

    /// <summary>Runs the next step; true while steps remain after it.</summary>
    bool Step();
}
