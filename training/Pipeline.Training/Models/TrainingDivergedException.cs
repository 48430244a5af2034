namespace Pipeline.Models;

/// <summary>
/// Training stopped because a <see cref="IDivergenceCheck"/> fired: the message names the step, the reason and the last
/// good checkpoint (none is written after the divergence is seen).
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    public TrainingDivergedException(long step, string reason, string? lastCheckpoint, long? lastCheckpointStep)
        : base($"training diverged at step {step:N0}: {reason}. " + (lastCheckpoint is null
            ? "No checkpoint was written before it: start again with a lower --lr or another --seed"
            : $"The last good checkpoint is {lastCheckpoint} (step {lastCheckpointStep:N0}), kept as it was: start again with a lower --lr or another --seed (a resumed run replays the same steps), or export that checkpoint"))
    {
        Step = step;
        Reason = reason;
        LastCheckpoint = lastCheckpoint;
        LastCheckpointStep = lastCheckpointStep;
    }

    /// <summary>The step at which the divergence was seen.</summary>
    public long Step { get; }

    /// <summary>What the check saw.</summary>
    public string Reason { get; }

    /// <summary>The checkpoint written last before the divergence (null when none was).</summary>
    public string? LastCheckpoint { get; }

    /// <summary>The step of <see cref="LastCheckpoint"/>.</summary>
    public long? LastCheckpointStep { get; }
}
