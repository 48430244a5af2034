namespace Pipeline.Optim;

/// <summary>
/// Sets an optimizer's learning rate as a function of the number of <see cref="Step"/> calls
/// (one per optimizer step or per epoch, as the caller chooses).
/// </summary>
public abstract class LearningRateScheduler
{
    protected LearningRateScheduler(Optimizer optimizer)
    {
        Optimizer = optimizer;
        BaseLearningRate = optimizer.LearningRate;
    }

    public Optimizer Optimizer { get; }

    public double BaseLearningRate { get; }

    /// <summary>How many times <see cref="Step"/> was called.</summary>
    public long StepCount { get; private set; }

    /// <summary>The learning rate after <paramref name="step"/> calls of <see cref="Step"/>.</summary>
    public abstract double LearningRateAt(long step);

    public void Step() => Resume(StepCount + 1);

    /// <summary>Sets the schedule as it was after <paramref name="step"/> calls (resuming from a checkpoint).</summary>
    public void Resume(long step)
    {
        StepCount = step;
        Optimizer.LearningRate = LearningRateAt(step);
    }
}
