using Pipeline.Data;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoencoders;

/// <summary>How contractive an encoder is on a dataset: the mean exact ‖J_f(x)‖²_F.</summary>
public static class ContractionStatistics
{
    /// <summary>The mean over <paramref name="dataset"/> of the exact squared Frobenius norm of the encoder's Jacobian (Z backward passes per batch).</summary>
    public static double Evaluate(Autoencoder model, ImageDataset dataset, Device device, int batchSize = 250)
    {
        var wasTraining = model.training;
        model.eval();
        double total = 0;
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            total += JacobianNorm.Exact(model.Encode, batch.Images.to(device)).sum().ToDouble();
        }
        model.train(wasTraining);
        return total / dataset.Count;
    }
}
