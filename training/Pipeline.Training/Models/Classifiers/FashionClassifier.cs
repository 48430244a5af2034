using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Randomness;
using TorchSharp.Modules;
using DataLoader = Pipeline.Data.DataLoader;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Models.Classifiers;

/// <summary>
/// A CNN classifier of Fashion-MNIST whose penultimate activations (after ReLU) are the features of the
/// project's FID, KID and precision/recall. image [N, 1, 28, 28] in [0, 1] → features [N, F], logits [N, 10].
/// </summary>
public sealed class FashionClassifier : nn.Module, ITrainableModel, IExportableModel
{
    public const string Kind = "fashion-classifier";

    private readonly Sequential features;
    private readonly Sequential head;

    public FashionClassifier(FashionClassifierConfig config) : base(Kind)
    {
        config.Validate();
        Config = config;
        features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(64 * 7 * 7, config.FeatureSize), nn.ReLU());
        head = nn.Sequential(nn.Dropout(config.Dropout), nn.Linear(config.FeatureSize, config.Classes));
        RegisterComponents();
    }

    public FashionClassifierConfig Config { get; }

    public Sequential Features => features;

    public Sequential Head => head;

    public string ModelKind => Kind;

    public string ConfigJson => Config.ToJson();

    public PixelTransform TrainingPixels => PixelTransform.ZeroOne;

    public ExportFamily Family => ExportFamily.Classifier;

    public int LatentSize => 0;

    public int? ClassCount => Config.Classes;

    /// <summary>Cross-entropy of the logits against the labels.</summary>
    public LossTerms Loss(Batch batch, Generator noise)
    {
        var logits = head.call(features.call(batch.Images));
        return LossTerms.Single("cross_entropy", F.cross_entropy(logits, batch.Labels.to(logits.device)));
    }

    /// <summary>The share of <paramref name="dataset"/> classified correctly (evaluation mode).</summary>
    public double Accuracy(ImageDataset dataset)
    {
        var wasTraining = training;
        eval();
        using var noGrad = no_grad();
        var device = parameters().First().device;
        long correct = 0;
        foreach (var batch in new DataLoader(dataset, 1000, shuffle: false))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            var predicted = head.call(features.call(batch.Images.to(device))).argmax(1);
            correct += predicted.eq(batch.Labels.to(device)).sum().ToInt64();
        }
        train(wasTraining);
        return (double)correct / dataset.Count;
    }

    /// <summary>"classifier": image [N, 1, 28, 28] → logits [N, K] and features [N, F].</summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks() =>
    [
        new ExportableNetwork
        {
            Role = "classifier",
            Inputs = [new NetworkInput("image", [-1L, 1, 28, 28], InputValues.UnitInterval)],
            Outputs = ["logits", "features"],
            Module = new ClassifierNetwork(features, head),
        },
    ];
}
