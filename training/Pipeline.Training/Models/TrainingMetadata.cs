namespace Pipeline.Models;

/// <summary>Metadata keys the trainer writes into checkpoints besides the model's own.</summary>
public static class TrainingMetadata
{
    /// <summary>The loss every few steps: a JSON array of [step, loss] pairs (for loss curves in reports).</summary>
    public const string LossHistory = "loss_history";
}
