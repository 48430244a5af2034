using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Models.Diffusion;
using Pipeline.Models.Variational;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Randomness;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;
using DataLoader = Pipeline.Data.DataLoader;

namespace Pipeline.Tools.Tests.Export;

/// <summary>
/// latent-ddpm: the MLP denoiser learns on the frozen VAE's scaled posterior means, the checkpoint alone rebuilds the
/// model, and the package (denoiser + the VAE's decoder) opens as latent diffusion and samples.
/// </summary>
public class LatentDdpmTests
{
    private static LatentDdpmModel Create(int seed, double latentScale = 1)
    {
        torch.random.manual_seed(seed);
        return new LatentDdpmModel(new LatentDdpmConfig { Width = 64, Blocks = 2, TimeDim = 32, LatentScale = latentScale });
    }

    /// <summary>The loss on a fixed batch with fixed t and ε draws.</summary>
    private static double FixedLoss(LatentDdpmModel model, ImageDataset images)
    {
        model.eval();
        using var noGrad = torch.no_grad();
        using var noise = Noise.Seeded(5);
        double total = 0;
        foreach (var batch in new DataLoader(images, images.Count, shuffle: false, transform: model.TrainingPixels))
        {
            using var owned = batch;
            using var loss = model.Loss(batch, noise).Total;
            total = loss.ToDouble();
        }
        model.train();
        return total;
    }

    [Test]
    public void TheLossDecreasesOverFortyStepsAndTheVaeStaysFrozen()
    {
        var images = TrainingImages.FirstFiveHundred();
        using var model = Create(3);
        var vaeBefore = model.Vae.parameters().Select(p => p.data<float>().ToArray()).ToList();
        var before = FixedLoss(model, images);

        new ModelTrainer<LatentDdpmModel>(model, new TrainingOptions { Epochs = 10, BatchSize = 50, LearningRate = 2e-3, MaxSteps = 40 }).Train(images);

        var after = FixedLoss(model, images);
        Assert.That(after, Is.LessThan(0.8 * before), $"loss {before:G4} → {after:G4}");
        Assert.That(model.Vae.parameters().Select(p => p.data<float>().ToArray()), Is.EqualTo(vaeBefore), "the VAE is not trained");
    }

    [Test]
    public void TheLatentScaleGivesTheTrainingLatentsUnitVariance()
    {
        var images = TrainingImages.FirstFiveHundred();
        torch.random.manual_seed(2);
        using var vae = new VaeMlp(new VaeMlpConfig());
        var scale = LatentStatistics.LatentScale(vae, images);
        using var model = new LatentDdpmModel(new LatentDdpmConfig { Width = 64, Blocks = 2, TimeDim = 32, LatentScale = scale });
        model.Vae.load_state_dict(vae.state_dict());

        using var batch = new DataLoader(images, images.Count, shuffle: false).First();
        using var latents = model.Latents(batch.Images);
        using var variance = latents.var(unbiased: false);

        Assert.That(latents.shape, Is.EqualTo(new long[] { images.Count, vae.LatentSize }));
        Assert.That(variance.ToDouble(), Is.EqualTo(1).Within(1e-3));
    }

    [Test]
    public void TheCheckpointAloneRebuildsTheModelWithItsVae()
    {
        using var directory = new TempDirectory();
        var path = directory.File("latent-ddpm.safetensors");
        using var model = Create(4, latentScale: 1.7);
        Checkpoint.Save(path, new CheckpointContents { Kind = LatentDdpmModel.Kind, ConfigJson = model.ConfigJson, Step = 1, Model = model });

        using var checkpoint = Checkpoint.Load(path, LatentDdpmModel.Kind);
        using var rebuilt = (LatentDdpmModel)ModelCatalog.Create(checkpoint.Kind, checkpoint.ConfigJson);
        checkpoint.RestoreModel(rebuilt);

        Assert.That(rebuilt.LatentScale, Is.EqualTo(1.7));
        Assert.That(rebuilt.state_dict().Keys, Has.Some.StartsWith("vae.decoder.").And.Some.StartsWith("denoiser."));
        Assert.That(rebuilt.state_dict().Select(kv => kv.Value.data<float>().ToArray()), Is.EqualTo(model.state_dict().Select(kv => kv.Value.data<float>().ToArray())));
    }

    [Test]
    public void ThePackageHasBothNetworksWithinToleranceAndSamplesAsLatentDiffusion()
    {
        using var directory = new TempDirectory();
        using var model = Create(6, latentScale: 2.5);

        var result = PackageExporter.Export(model, LatentDdpmModel.Kind, directory.File("latent-ddpm"));

        Assert.That(result.MaxDifferences.Keys, Is.EquivalentTo(new[] { "denoiser", "decoder" }));
        Assert.That(result.MaxDifferences.Values, Has.All.LessThanOrEqualTo(1e-4));
        Assert.That(result.Manifest.Family, Is.EqualTo(ModelFamily.LatentDiffusion));
        Assert.That(result.Manifest.Diffusion!.SampleShape, Is.EqualTo(new long[] { model.LatentSize }));
        Assert.That((result.Manifest.Diffusion.LatentScale, result.Manifest.Diffusion.ClipSample), Is.EqualTo((2.5, false)));
        using var package = ModelPackage.OpenDiffusion(result.Directory);
        Assert.That(package.IsLatent, Is.True);
        var images = package.Sample(4, 3, null, new DiffusionSamplingOptions { Sampler = DiffusionSamplerKind.Ddim, Steps = 10 });
        Assert.That((images.Count, images.Channels, images.Height, images.Width), Is.EqualTo((4, 1, 28, 28)));
        Assert.That(images.Pixels, Has.All.InRange(0f, 1f));
    }
}
