using Pipeline.Models;
using Pipeline.Models.Flows;
using Pipeline.Tests.Support;
using Pipeline.Tools.Export;
using TorchSharp;

namespace Pipeline.Tools.Tests.Support;

/// <summary>
/// Exported flow packages, written once per test class: a small two-scale image flow on 28×28 images and a toy flow of
/// 2-D points, each trained for a few steps (so the act-norms are initialized and the couplings are not the identity).
/// </summary>
internal sealed class SmallFlowPackages : IDisposable
{
    private readonly TempDirectory directory = new();

    public SmallFlowPackages()
    {
        torch.random.manual_seed(6);
        var images = new RealNvp(new RealNvpConfig { Levels = 2, CouplingsPerStage = 1, FinalCouplings = 2, Hidden = 4, Blocks = 1 });
        new ModelTrainer<RealNvp>(images, new TrainingOptions { Epochs = 1, BatchSize = 50, LearningRate = 5e-3, MaxSteps = 6 })
            .Train(TrainingImages.FirstFiveHundred());
        Images = Export("flow", images);
        torch.random.manual_seed(7);
        var toy = new RealNvp(RealNvpConfig.Toy with { FinalCouplings = 4, Hidden = 16 });
        new ToyFlowTrainer(toy, ToyDensity.EightGaussians).Train(40, 128, 5e-3, 1, null);
        Toy = Export("toy-flow", toy);
    }

    /// <summary>The image flow's package, and its model (evaluation mode).</summary>
    public (string Directory, RealNvp Model) Images { get; }

    /// <summary>The points flow's package, and its model (evaluation mode).</summary>
    public (string Directory, RealNvp Model) Toy { get; }

    /// <summary>The largest ONNX Runtime vs TorchSharp difference of each network in the export's verification.</summary>
    public Dictionary<string, double> Differences { get; } = new();

    public void Dispose()
    {
        Images.Model.Dispose();
        Toy.Model.Dispose();
        directory.Dispose();
    }

    private (string, RealNvp) Export(string name, RealNvp model)
    {
        model.eval();
        var result = PackageExporter.Export(model, model.ModelKind, directory.File(name));
        foreach (var (role, difference) in result.MaxDifferences) Differences[$"{name}/{role}"] = difference;
        return (result.Directory, model);
    }
}
