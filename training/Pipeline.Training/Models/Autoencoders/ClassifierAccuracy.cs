using Pipeline.Data;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoencoders;

/// <summary>How often the constrained autoencoder's linear head puts its largest score on the true class.</summary>
public static class ClassifierAccuracy
{
    /// <summary>The fraction of <paramref name="dataset"/> with argmax t̂ = label, in evaluation mode.</summary>
    public static double Evaluate(ConstrainedAutoencoder model, ImageDataset dataset, Device device, int batchSize = 500)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        long correct = 0;
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var predicted = model.PredictClass(batch.Images.to(device)).argmax(1);
            correct += predicted.eq(batch.Labels.to(device)).sum().ToInt64();
        }
        model.train(wasTraining);
        return (double)correct / dataset.Count;
    }
}
