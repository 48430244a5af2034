using Pipeline.Data;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Variational;

/// <summary>
/// The test-set negative ELBO of a VAE, reproducible from run to run. Data protocol: Bernoulli models are
/// trained with dynamic binarization (<see cref="PixelTransform.DynamicBinarization"/>) and evaluated on one
/// FIXED stochastic binarization of the test set, drawn with <see cref="BinarizationSeed"/>; Gaussian models
/// are trained and evaluated on [0, 1] pixels (their nats are those of a density, not comparable with the
/// Bernoulli ones, and may be negative). Each image's −ELBO = −log p(x | z) + KL(q(z | x) ‖ p(z)) uses a
/// single z ~ q(z | x) drawn with <see cref="NoiseSeed"/>, so the result is one fixed-seed estimate.
/// A conditional model is given each test image's true class: its figure is the conditional −ELBO of −log p(x | c).
/// </summary>
public static class ElboEvaluation
{
    /// <summary>Seed of the test set's binarization (Bernoulli models).</summary>
    public const long BinarizationSeed = 20_240_602;

    /// <summary>Seed of the ε in z = μ + σ·ε.</summary>
    public const long NoiseSeed = 20_240_603;

    /// <summary>−ELBO in nats per image (mean over the dataset), its terms, and bits per dimension; in evaluation mode.</summary>
    public static ElboReport Evaluate(VariationalAutoencoder model, ImageDataset dataset, Device device, int batchSize = 500)
    {
        var wasTraining = model.training;
        model.eval();
        using var noGrad = no_grad();
        using var binarization = Noise.Seeded(BinarizationSeed);
        using var noise = Noise.Seeded(NoiseSeed);
        var pixels = model.Likelihood == Likelihood.Bernoulli ? PixelTransform.DynamicBinarization : PixelTransform.ZeroOne;
        double nll = 0, kl = 0;
        foreach (var batch in new DataLoader(dataset, batchSize, shuffle: false, transform: pixels, generator: binarization))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var x = batch.Images.to(device);
            var condition = model.Condition(batch.Labels.to(device));
            var terms = model.NegativeElbo(x, condition, noise);
            nll += terms.ReconstructionNll.sum().ToDouble();
            kl += terms.Kl.sum().ToDouble();
        }
        model.train(wasTraining);
        return new ElboReport(model.Likelihood, (nll + kl) / dataset.Count, nll / dataset.Count, kl / dataset.Count, dataset.PixelsPerImage);
    }
}
