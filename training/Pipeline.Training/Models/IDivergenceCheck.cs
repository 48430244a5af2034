namespace Pipeline.Models;

/// <summary>
/// A test <see cref="ModelTrainer{TModel}"/> runs at every progress report: when it names a reason, training stops
/// with a <see cref="TrainingDivergedException"/> and the last checkpoint (written before the reason appeared) is kept.
/// </summary>
public interface IDivergenceCheck
{
    /// <summary>Why training has diverged by this report, or null while it has not.</summary>
    string? Check(TrainingProgress progress);
}
