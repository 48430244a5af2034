namespace Pipeline.Optim;

/// <summary>
/// Linear warm-up: η = η₀·(step + 1)/WarmupSteps for the first steps, then the <c>after</c>
/// schedule (counted from the end of the warm-up), or η₀ when there is none.
/// </summary>
public sealed class WarmupLR : LearningRateScheduler
{
    private readonly LearningRateScheduler? after;

    public WarmupLR(Optimizer optimizer, long warmupSteps, LearningRateScheduler? after = null) : base(optimizer)
    {
        if (warmupSteps <= 0) throw new ArgumentOutOfRangeException(nameof(warmupSteps), warmupSteps, "warm-up steps must be positive");
        if (after is not null && !ReferenceEquals(after.Optimizer, optimizer))
            throw new ArgumentException("the schedule after warm-up must drive the same optimizer");
        WarmupSteps = warmupSteps;
        this.after = after;
        Resume(0);
    }

    public long WarmupSteps { get; }

    public override double LearningRateAt(long step) =>
        step < WarmupSteps ? BaseLearningRate * (step + 1) / WarmupSteps
        : after?.LearningRateAt(step - WarmupSteps) ?? BaseLearningRate;
}
