using Pipeline.Data;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoencoders;

/// <summary>Denoising error on a dataset corrupted once, with a fixed seed, as in training: x̃ = clamp(x + σ·ε, 0, 1).</summary>
public static class DenoisingError
{
    /// <summary>The seed of the evaluation's corruption noise (the same corrupted test set every time).</summary>
    public const long NoiseSeed = 20_240_601;

    /// <summary>Mean over images and pixels of (g(f(x̃)) − x)² and of (x̃ − x)², in evaluation mode.</summary>
    public static DenoisingReport Evaluate(Autoencoder model, ImageDataset dataset, double noiseStd, Device device, int batchSize = 500)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        using var noise = Noise.Seeded(NoiseSeed);
        double denoised = 0, noisy = 0;
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var x = batch.Images.to(device);
            var corrupted = DenoisingAutoencoder.Corrupt(x, noiseStd, noise);
            denoised += F.mse_loss(model.Reconstruct(corrupted), x, nn.Reduction.Sum).ToDouble();
            noisy += F.mse_loss(corrupted, x, nn.Reduction.Sum).ToDouble();
        }
        model.train(wasTraining);
        var count = (double)dataset.Count * dataset.PixelsPerImage;
        return new DenoisingReport(noiseStd, denoised / count, noisy / count);
    }
}
