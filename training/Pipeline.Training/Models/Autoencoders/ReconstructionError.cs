using Pipeline.Data;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoencoders;

/// <summary>Mean squared reconstruction error per pixel over a dataset, and the mean-image baseline.</summary>
public static class ReconstructionError
{
    /// <summary>Mean over images and pixels of (x′ − x)², pixels scaled to [0, 1], in evaluation mode.</summary>
    public static double Evaluate(Autoencoder model, ImageDataset dataset, Device device, int batchSize = 500)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        double total = 0;
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var x = batch.Images.to(device);
            total += F.mse_loss(model.Reconstruct(x), x, nn.Reduction.Sum).ToDouble();
        }
        model.train(wasTraining);
        return total / ((double)dataset.Count * dataset.PixelsPerImage);
    }

    /// <summary>The test error and the mean-image baseline side by side.</summary>
    public static ReconstructionReport Report(Autoencoder model, ImageDataset train, ImageDataset test, Device device) =>
        new(Evaluate(model, test, device), MeanImageBaseline(train, test));

    /// <summary>The error of predicting <paramref name="train"/>'s mean image for every image of <paramref name="test"/>.</summary>
    public static double MeanImageBaseline(ImageDataset train, ImageDataset test)
    {
        var mean = train.MeanImage();
        double total = 0;
        for (var i = 0; i < test.Count; i++)
        {
            var image = test.Image(i);
            for (var p = 0; p < mean.Length; p++)
            {
                var d = image[p] / 255.0 - mean[p];
                total += d * d;
            }
        }
        return total / ((double)test.Count * mean.Length);
    }
}
