using Pipeline.Data;

namespace Pipeline.Models;

/// <summary>
/// What <see cref="ModelTrainer{TModel}"/> needs of every model it trains and checkpoints: the kind that names it,
/// the hyper-parameters that rebuild it and how pixels are fed to it. How it learns comes from
/// <see cref="ITrainableModel"/> (one loss) or <see cref="IAdversarialModel"/> (several players).
/// </summary>
public interface ICheckpointable
{
    /// <summary>The kind recorded in checkpoints (each model's <c>Kind</c> constant, e.g. "vae-mlp").</summary>
    string ModelKind { get; }

    /// <summary>The hyper-parameters as JSON: enough to build the model again, and compared on resume.</summary>
    string ConfigJson { get; }

    /// <summary>How the training loader turns pixel bytes into inputs (dynamic binarization for Bernoulli VAEs).</summary>
    PixelTransform TrainingPixels { get; }
}
