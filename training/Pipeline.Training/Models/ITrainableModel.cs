using Pipeline.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>A model <see cref="ModelTrainer{TModel}"/> trains by minimizing one loss over all its trainable parameters.</summary>
public interface ITrainableModel : ICheckpointable
{
    /// <summary>
    /// The loss to minimize on one batch (images already on the model's device) and its named parts.
    /// Every random draw (corruption noise, the reparameterization's ε, Hutchinson's v, diffusion's t and ε) comes
    /// from <paramref name="noise"/>, whose state the trainer checkpoints so a resumed run draws the same numbers.
    /// </summary>
    LossTerms Loss(Batch batch, Generator noise);
}
