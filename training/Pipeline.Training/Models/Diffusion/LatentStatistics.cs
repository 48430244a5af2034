using Pipeline.Data;
using Pipeline.Models.Variational;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Diffusion;

/// <summary>The scale that gives a VAE's posterior means unit variance: latent_scale = 1/std(μ(x)) over a dataset.</summary>
public static class LatentStatistics
{
    /// <summary>1/std of every coordinate of μ(x) over <paramref name="images"/> (intensities in [0, 1]), pooled; float64 sums.</summary>
    public static double LatentScale(VariationalAutoencoder vae, ImageDataset images, int batchSize = 500)
    {
        var wasTraining = vae.training;
        vae.eval();
        using var noGrad = no_grad();
        var device = vae.parameters().First().device;
        double sum = 0, squares = 0;
        long count = 0;
        foreach (var batch in new DataLoader(images, batchSize, shuffle: false, transform: PixelTransform.ZeroOne))
        {
            using var owned = batch;
            using var scope = NewDisposeScope();
            var (mean, _) = vae.Encode(batch.Images.to(device));
            foreach (var value in mean.cpu().data<float>().ToArray())
            {
                sum += value;
                squares += (double)value * value;
                count++;
            }
        }
        vae.train(wasTraining);
        var variance = squares / count - sum / count * (sum / count);
        if (!(variance > 0)) throw new InvalidOperationException($"the VAE's posterior means have no spread (variance {variance}): train the VAE first");
        return 1 / Math.Sqrt(variance);
    }
}
