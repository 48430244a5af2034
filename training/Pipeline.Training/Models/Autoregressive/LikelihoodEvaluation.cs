using Pipeline.Data;
using Pipeline.Models.Variational;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using DataLoader = Pipeline.Data.DataLoader;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// The exact test-set −log p(x) of an autoregressive model, reproducible from run to run. Protocol: binarized models
/// (K = 2) are trained with dynamic binarization and evaluated on one FIXED stochastic binarization of the test set, drawn
/// with <see cref="ElboEvaluation.BinarizationSeed"/> (the same test images as the VAEs' bound); 8-bit models (K = 256) on
/// the test pixels as they are. A class-conditional model is given each image's true class: −log p(x | c).
/// </summary>
public static class LikelihoodEvaluation
{
    public static LikelihoodReport Evaluate(AutoregressiveModel model, ImageDataset dataset, Device device, int batchSize = 250)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        using var binarization = Noise.Seeded(ElboEvaluation.BinarizationSeed);
        var binarized = model.Categories == 2;
        double nats = 0;
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false, transform: model.TrainingPixels, generator: binarization))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var x = model.Values(batch.Images.to(device));
            nats += model.NegativeLogLikelihood(x, model.Condition(batch.Labels.to(device))).sum().ToDouble();
        }
        model.train(wasTraining);
        var perImage = nats / dataset.Count;
        return new LikelihoodReport(perImage, perImage / (dataset.PixelsPerImage * Math.Log(2)), binarized, dataset.Count);
    }
}
