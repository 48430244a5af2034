using Pipeline.Models.Autoregressive;
using Pipeline.Models.Quantized;
using Pipeline.Tests.Support;
using Pipeline.Tools.Export;
using TorchSharp;

namespace Pipeline.Tools.Tests.Support;

/// <summary>
/// Exported VQ-VAE packages of a small VQ-VAE trained for a few steps (so that its codes vary) and randomly initialized
/// (seeded) PixelCNN priors, unconditional and class-conditional, written once per test class.
/// </summary>
internal sealed class SmallVqPackages : IDisposable
{
    public const int Codes = 16;

    private readonly TempDirectory directory = new();

    public SmallVqPackages()
    {
        torch.random.manual_seed(4);
        var config = new VqVaeConfig { Codes = Codes, Dimension = 4, Channels = [8, 8], ResidualBlocks = 1, Ema = true, RestartDeadCodes = true };
        Autoencoder = new VqVae(config);
        new Pipeline.Models.ModelTrainer<VqVae>(Autoencoder, new Pipeline.Models.TrainingOptions { Epochs = 1, BatchSize = 50, LearningRate = 2e-3, MaxSteps = 10 })
            .Train(TrainingImages.FirstFiveHundred());
        Autoencoder.eval();
        Unconditional = Export("vqvae", Prior(config, 0));
        Conditional = Export("vqvae-conditional", Prior(config, 10));
    }

    /// <summary>The trained VQ-VAE (evaluation mode) inside both packages.</summary>
    public VqVae Autoencoder { get; }

    /// <summary>The unconditional prior's package, and its model.</summary>
    public (string Directory, VqVaePrior Model) Unconditional { get; }

    /// <summary>The class-conditional prior's package, and its model.</summary>
    public (string Directory, VqVaePrior Model) Conditional { get; }

    /// <summary>The largest ONNX Runtime vs TorchSharp difference of each network in the export's verification.</summary>
    public Dictionary<string, double> Differences { get; } = new();

    public void Dispose()
    {
        Unconditional.Model.Dispose();
        Conditional.Model.Dispose();
        Autoencoder.Dispose();
        directory.Dispose();
    }

    private VqVaePrior Prior(VqVaeConfig config, int classes)
    {
        torch.random.manual_seed(5);
        var prior = new VqVaePrior(new VqVaePriorConfig
        {
            Autoencoder = config,
            Prior = VqVaePriorConfig.ForCodes(config, new PixelCnnConfig { Channels = 8, OutputChannels = 8, Blocks = 2, FirstKernel = 5, Classes = classes }),
        });
        prior.Autoencoder.load_state_dict(Autoencoder.state_dict());
        prior.eval();
        return prior;
    }

    private (string, VqVaePrior) Export(string name, VqVaePrior model)
    {
        var result = PackageExporter.Export(model, model.ModelKind, directory.File(name));
        foreach (var (role, difference) in result.MaxDifferences) Differences[$"{name}/{role}"] = difference;
        return (result.Directory, model);
    }
}
