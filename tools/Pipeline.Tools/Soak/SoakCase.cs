using Pipeline.Runtime.Packages;
using Pipeline.Data;
using Pipeline.Models;
using static TorchSharp.torch;

namespace Pipeline.Tools.Soak;

/// <summary>
/// One family's small model for the long runs of `tools/pipeline soak`: how to build it (seeded by the caller), prepare it
/// on its training images (a linear autoencoder's mean, an AR-VAE's attributes) and train it with <see cref="ModelTrainer{TModel}"/>.
/// </summary>
public sealed record SoakCase(ModelFamily Family, Func<nn.Module> Build, Func<nn.Module, ImageDataset, TrainingOptions, IProgress<TrainingProgress>, TrainingSummary> Train)
{
    /// <summary>A case of models of type <typeparamref name="T"/>, optionally prepared on the training images before training.</summary>
    public static SoakCase Of<T>(ModelFamily family, Func<T> build, Action<T, ImageDataset>? prepare = null) where T : nn.Module, ICheckpointable =>
        new(family, build, (model, images, options, progress) =>
        {
            prepare?.Invoke((T)model, images);
            return new ModelTrainer<T>((T)model, options).Train(images, progress);
        });
}
