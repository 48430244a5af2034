namespace Pipeline.Models;

/// <summary>
/// A model trained as several players, each with its own optimizer and loss (GANs, the adversarial autoencoder):
/// <see cref="ModelTrainer{TModel}"/> runs the phases in order on each batch and checkpoints one optimizer per phase.
/// </summary>
public interface IAdversarialModel : ICheckpointable
{
    /// <summary>The phases of a training step, in the order they run on a batch; their names differ.</summary>
    IReadOnlyList<TrainingPhase> Phases { get; }
}
