namespace Pipeline.Models;

/// <summary>Metadata keys the trainer writes into checkpoints besides the model's own.</summary>
public static class TrainingMetadata
{
    /// <summary>The loss every few steps: a JSON array of [step, loss] pairs (for loss curves in reports).</summary>
    public const string LossHistory = "loss_history";

    /// <summary>What the model was trained on when it is not Fashion-MNIST ("mnist_digits", a toy density's name).</summary>
    public const string Dataset = "dataset";

    /// <summary>
    /// The names of the losses in each row of <see cref="LossHistory"/> after the step, as a JSON array, when there are
    /// several (["discriminator", "generator"]); rows of a single loss are [step, loss].
    /// </summary>
    public const string LossSeries = "loss_series";

    /// <summary>How many processes trained the last steps (data-parallel training); a run may resume with any number.</summary>
    public const string Processes = "processes";
}
