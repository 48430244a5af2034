using Pipeline.Data;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// How sparse an autoencoder's codes are on a dataset. The mean |z| alone can shrink by rescaling (the decoder
/// can undo any scale of a linear code), so the report adds Hoyer's scale-invariant sparsity (Hoyer 2004),
/// (√Z − ‖z‖₁/‖z‖₂)/(√Z − 1): 0 when all |z_j| are equal, 1 when a single entry is non-zero.
/// </summary>
public static class CodeStatistics
{
    /// <summary>Mean over images and code dimensions of |z| and the mean over images of Hoyer's sparsity; in evaluation mode.</summary>
    public static CodeReport Evaluate(Autoencoder model, ImageDataset dataset, Device device, int batchSize = 500)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        double absolute = 0, hoyer = 0;
        var root = Math.Sqrt(model.LatentSize);
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var z = model.Encode(batch.Images.to(device));                   // [N, Z]
            var l1 = z.abs().sum(1);                                          // ‖z‖₁, [N]
            var l2 = z.square().sum(1).sqrt().clamp_min(1e-12);             // ‖z‖₂, [N]
            absolute += l1.sum().ToDouble();
            hoyer += ((root - l1 / l2) / (root - 1)).sum().ToDouble();
        }
        model.train(wasTraining);
        return new CodeReport(absolute / ((double)dataset.Count * model.LatentSize), hoyer / dataset.Count);
    }
}
