namespace Pipeline.Models;

/// <summary>The check every training run has: a loss (or one of its parts) that is NaN or infinite.</summary>
public sealed class NonFiniteLoss : IDivergenceCheck
{
    public string? Check(TrainingProgress progress)
    {
        if (!double.IsFinite(progress.Loss)) return $"the loss is {progress.Loss}";
        foreach (var (name, value) in progress.Parts)
            if (!double.IsFinite(value)) return $"the loss's part '{name}' is {value}";
        return null;
    }
}
