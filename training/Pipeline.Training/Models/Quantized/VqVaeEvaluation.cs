using Pipeline.Data;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using DataLoader = Pipeline.Data.DataLoader;

namespace Pipeline.Models.Quantized;

/// <summary>The VQ-VAE's test figures: reconstruction error and codebook usage, and the prior's exact likelihood of the test codes.</summary>
public static class VqVaeEvaluation
{
    public static CodebookReport Codebook(VqVae model, ImageDataset dataset, Device device, int batchSize = 250)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        double squaredError = 0;
        using var counts = zeros(model.Config.Codes, device: device);
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false, transform: model.TrainingPixels))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var x = batch.Images.to(device);
            var codes = model.Codes(x);
            squaredError += F.mse_loss(model.DecodeCodes(codes), x, nn.Reduction.Sum).ToDouble();
            counts.add_(CodeUsage.Counts(codes, model.Config.Codes));
        }
        model.train(wasTraining);
        var used = (int)(counts > 0).sum().ToInt64();
        using var perplexity = CodeUsage.Perplexity(counts);
        return new CodebookReport(squaredError / ((double)dataset.Count * dataset.PixelsPerImage), perplexity.ToDouble(), used, model.Config.Codes, dataset.Count);
    }

    /// <summary>−log p(z) of the dataset's codes under the prior, in nats per grid (given each image's class when conditional), and in bits per code.</summary>
    public static (double NatsPerGrid, double BitsPerCode) Prior(VqVaePrior model, ImageDataset dataset, Device device, int batchSize = 250)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        double nats = 0;
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false, transform: model.TrainingPixels))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var codes = model.CodeValues(batch.Images.to(device));
            nats += model.Prior.NegativeLogLikelihood(codes, model.Prior.Condition(batch.Labels.to(device))).sum().ToDouble();
        }
        model.train(wasTraining);
        var perGrid = nats / dataset.Count;
        return (perGrid, perGrid / (model.Prior.Size * Math.Log(2)));
    }
}
