using Pipeline.Data;
using Pipeline.Tensors;

namespace Pipeline.Models.Autoencoders;

/// <summary>How often the constrained autoencoder's linear head puts its largest score on the true class.</summary>
public static class ClassifierAccuracy
{
    /// <summary>The fraction of <paramref name="dataset"/> with argmax t̂ = label, in evaluation mode.</summary>
    public static double Evaluate(ConstrainedAutoencoder model, ImageDataset dataset, Device device, int batchSize = 500)
    {
        var wasTraining = model.Training;
        model.Eval();
        using var noGrad = Torch.NoGrad();
        long correct = 0;
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false))
        {
            using var scope = DisposeScope.Enter();
            using var owned = batch;
            var predicted = model.PredictClass(batch.Images.To(device)).ArgMax(1);
            correct += predicted.Eq(batch.Labels.To(device)).Sum().ToInt64();
        }
        model.Train(wasTraining);
        return (double)correct / dataset.Count;
    }
}
