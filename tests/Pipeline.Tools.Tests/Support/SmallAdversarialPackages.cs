using Pipeline.Models;
using Pipeline.Models.Adversarial;
using Pipeline.Models.Autoencoders;
using Pipeline.Tests.Support;
using Pipeline.Tools.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Tests.Support;

/// <summary>
/// Exported adversarial packages, written once per test class, each trained a few steps (so batch norm has statistics and no
/// weight is at its start): an unconditional GAN, an AC-GAN, and an adversarial autoencoder with the mixture prior.
/// </summary>
internal sealed class SmallAdversarialPackages : IDisposable
{
    private readonly TempDirectory directory = new();

    public SmallAdversarialPackages()
    {
        Gan = Export("gan", Trained(new GanConfig { LatentSize = 6, Channels = 4 }, seed: 3));
        Conditional = Export("acgan", Trained(new GanConfig { LatentSize = 6, Channels = 4, Classes = 10 }, seed: 4));
        torch.random.manual_seed(5);
        var aae = new AdversarialAutoencoder(new AdversarialAutoencoderConfig
        {
            Network = new ConvAutoencoderConfig { Channels = [4, 8], LatentSize = 3 }, Prior = LatentPriorKind.GaussianMixture, DiscriminatorHidden = 16,
        });
        new ModelTrainer<AdversarialAutoencoder>(aae, new TrainingOptions { Epochs = 1, BatchSize = 50, MaxSteps = 4 }).Train(TrainingImages.FirstFiveHundred());
        Autoencoder = Export("aae", aae);
    }

    public (string Directory, Gan Model) Gan { get; }

    public (string Directory, Gan Model) Conditional { get; }

    public (string Directory, AdversarialAutoencoder Model) Autoencoder { get; }

    /// <summary>The largest ONNX Runtime vs TorchSharp difference of each network in the export's verification.</summary>
    public Dictionary<string, double> Differences { get; } = new();

    public void Dispose()
    {
        Gan.Model.Dispose();
        Conditional.Model.Dispose();
        Autoencoder.Model.Dispose();
        directory.Dispose();
    }

    private static Gan Trained(GanConfig config, long seed)
    {
        torch.random.manual_seed(seed);
        var gan = new Gan(config);
        new ModelTrainer<Gan>(gan, new TrainingOptions { Epochs = 1, BatchSize = 50, MaxSteps = 4 }).Train(TrainingImages.FirstFiveHundred());
        return gan;
    }

    private (string, T) Export<T>(string name, T model) where T : nn.Module, ICheckpointable
    {
        model.eval();
        var result = PackageExporter.Export(model, model.ModelKind, directory.File(name));
        foreach (var (role, difference) in result.MaxDifferences) Differences[$"{name}/{role}"] = difference;
        return (result.Directory, model);
    }
}
