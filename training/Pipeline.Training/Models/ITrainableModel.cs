using Pipeline.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>
/// A model <see cref="ModelTrainer{TModel}"/> can train: it names itself for checkpoints, says how
/// pixels are fed to it, and computes its training loss on a batch.
/// </summary>
public interface ITrainableModel
{
    /// <summary>The kind recorded in checkpoints (each model's <c>Kind</c> constant, e.g. "vae-mlp").</summary>
    string ModelKind { get; }

    /// <summary>The hyper-parameters as JSON: enough to build the model again, and compared on resume.</summary>
    string ConfigJson { get; }

    /// <summary>How the training loader turns pixel bytes into inputs (dynamic binarization for Bernoulli VAEs).</summary>
    PixelTransform TrainingPixels { get; }

    /// <summary>
    /// The loss to minimize on one batch (images already on the model's device) and its named parts.
    /// Every random draw (corruption noise, the reparameterization's ε, Hutchinson's v, diffusion's t and ε) comes
    /// from <paramref name="noise"/>, whose state the trainer checkpoints so a resumed run draws the same numbers.
    /// </summary>
    LossTerms Loss(Batch batch, Generator noise);
}
