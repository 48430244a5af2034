using Pipeline.Data;
using Pipeline.Models.Variational;
using Pipeline.Tensors;

namespace Pipeline.Models.Diffusion;

/// <summary>The scale that gives a VAE's posterior means unit variance: latent_scale = 1/std(μ(x)) over a dataset.</summary>
public static class LatentStatistics
{
    /// <summary>1/std of every coordinate of μ(x) over <paramref name="images"/> (intensities in [0, 1]), pooled; float64 sums.</summary>
    public static double LatentScale(VariationalAutoencoder vae, ImageDataset images, int batchSize = 500)
    {
        var wasTraining = vae.Training;
        vae.Eval();
        using var noGrad = Torch.NoGrad();
        var device = vae.Parameters().First().Device;
        double sum = 0, squares = 0;
        long count = 0;
        foreach (var batch in new DataLoader(images, batchSize, shuffle: false, transform: PixelTransform.ZeroOne))
        {
            using var owned = batch;
            using var scope = DisposeScope.Enter();
            var (mean, _) = vae.Encode(batch.Images.To(device));
            foreach (var value in mean.ToArray<float>())
            {
                sum += value;
                squares += (double)value * value;
                count++;
            }
        }
        vae.Train(wasTraining);
        var variance = squares / count - sum / count * (sum / count);
        if (!(variance > 0)) throw new InvalidOperationException($"the VAE's posterior means have no spread (variance {variance}): train the VAE first");
        return 1 / Math.Sqrt(variance);
    }
}
