using Pipeline.Data;
using Pipeline.Nn;
using Pipeline.Tensors;

namespace Pipeline.Models.Autoencoders;

/// <summary>Denoising error on a dataset corrupted once, with a fixed seed, as in training: x̃ = clamp(x + σ·ε, 0, 1).</summary>
public static class DenoisingError
{
    /// <summary>The seed of the evaluation's corruption noise (the same corrupted test set every time).</summary>
    public const long NoiseSeed = 20_240_601;

    /// <summary>Mean over images and pixels of (g(f(x̃)) − x)² and of (x̃ − x)², in evaluation mode.</summary>
    public static DenoisingReport Evaluate(Autoencoder model, ImageDataset dataset, double noiseStd, Device device, int batchSize = 500)
    {
        var wasTraining = model.Training;
        model.Eval();
        using var noGrad = Torch.NoGrad();
        using var noise = new Generator(NoiseSeed);
        double denoised = 0, noisy = 0;
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false))
        {
            using var scope = DisposeScope.Enter();
            using var owned = batch;
            var x = batch.Images.To(device);
            var corrupted = DenoisingAutoencoder.Corrupt(x, noiseStd, noise);
            denoised += Functional.MseLoss(model.Reconstruct(corrupted), x, Reduction.Sum).ToDouble();
            noisy += Functional.MseLoss(corrupted, x, Reduction.Sum).ToDouble();
        }
        model.Train(wasTraining);
        var count = (double)dataset.Count * dataset.PixelsPerImage;
        return new DenoisingReport(noiseStd, denoised / count, noisy / count);
    }
}
