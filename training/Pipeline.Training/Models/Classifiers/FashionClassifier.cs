using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Nn;
using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Models.Classifiers;

/// <summary>
/// A CNN classifier of Fashion-MNIST whose penultimate activations (after ReLU) are the features of the
/// project's FID, KID and precision/recall. image [N, 1, 28, 28] in [0, 1] → features [N, F], logits [N, 10].
/// </summary>
public sealed class FashionClassifier : Module, ITrainableModel, IExportableModel
{
    public const string Kind = "fashion-classifier";

    public FashionClassifier(FashionClassifierConfig config, Generator? generator = null)
    {
        config.Validate();
        Config = config;
        Features = RegisterModule("features", new Sequential(
            new Conv2d(1, 32, 3, padding: 1, generator: generator), new Relu(), new MaxPool2d(2),
            new Conv2d(32, 64, 3, padding: 1, generator: generator), new Relu(), new MaxPool2d(2),
            new Flatten(), new Linear(64 * 7 * 7, config.FeatureSize, generator: generator), new Relu()));
        Head = RegisterModule("head", new Sequential(new Dropout(config.Dropout, generator), new Linear(config.FeatureSize, config.Classes, generator: generator)));
    }

    public FashionClassifierConfig Config { get; }

    public Sequential Features { get; }

    public Sequential Head { get; }

    public string ModelKind => Kind;

    public string ConfigJson => Config.ToJson();

    public PixelTransform TrainingPixels => PixelTransform.ZeroOne;

    public ExportFamily Family => ExportFamily.Classifier;

    public int LatentSize => 0;

    public int? ClassCount => Config.Classes;

    /// <summary>Cross-entropy of the logits against the labels.</summary>
    public LossTerms Loss(Batch batch, Generator noise)
    {
        using var features = Features.Forward(batch.Images);
        var logits = Head.Forward(features);
        return LossTerms.Single("cross_entropy", Functional.CrossEntropy(logits, batch.Labels.To(logits.Device)));
    }

    /// <summary>The share of <paramref name="dataset"/> classified correctly (evaluation mode).</summary>
    public double Accuracy(ImageDataset dataset)
    {
        var wasTraining = Training;
        Eval();
        using var noGrad = Torch.NoGrad();
        var device = Parameters().First().Device;
        long correct = 0;
        foreach (var batch in new DataLoader(dataset, 1000, shuffle: false))
        {
            using var scope = DisposeScope.Enter();
            using var owned = batch;
            var predicted = Head.Forward(Features.Forward(batch.Images.To(device))).ArgMax(1);
            correct += predicted.Eq(batch.Labels.To(device)).To(DType.Int64).Sum().ToInt64();
        }
        Train(wasTraining);
        return (double)correct / dataset.Count;
    }

    /// <summary>"classifier": image [N, 1, 28, 28] → logits [N, K] and features [N, F].</summary>
    public IReadOnlyList<ExportableNetwork> ExportNetworks() => new[]
    {
        new ExportableNetwork
        {
            Role = "classifier",
            Inputs = new[] { new NetworkInput("image", new[] { -1L, 1, 28, 28 }) },
            Outputs = new[] { "logits", "features" },
            Build = (graph, x) =>
            {
                var features = graph.Apply(Features, x[0], "features");
                return new[] { graph.Apply(Head, features, "head"), features };
            },
            Reference = x =>
            {
                var features = Features.Forward(x[0]);
                return new[] { Head.Forward(features), features };
            },
        },
    };
}
