using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>A bare training loop for tests: Adam steps on a dataset, recording every step's loss.</summary>
internal static class StepRunner
{
    public static IReadOnlyList<double> Train(nn.Module model, ImageDataset data, int steps, int batchSize = 32, double learningRate = 1e-3)
    {
        var trainable = (ITrainableModel)model;
        using var optimizer = optim.Adam(model.parameters().Where(p => p.requires_grad), learningRate);
        using var noise = Noise.Seeded(7);
        var loader = new DataLoader(data, batchSize, seed: 1, transform: trainable.TrainingPixels);
        var losses = new List<double>();
        while (losses.Count < steps)
        {
            foreach (var batch in loader)
            {
                using var scope = NewDisposeScope();
                using var owned = batch;
                optimizer.zero_grad();
                var terms = trainable.Loss(batch, noise);
                terms.Total.backward();
                optimizer.step();
                losses.Add(terms.Total.ToDouble());
                if (losses.Count == steps) break;
            }
        }
        return losses;
    }

    /// <summary>The mean of <paramref name="count"/> losses from the start or the end.</summary>
    public static double MeanOf(IReadOnlyList<double> losses, int count, bool fromEnd) =>
        (fromEnd ? losses.Skip(losses.Count - count) : losses.Take(count)).Average();
}
