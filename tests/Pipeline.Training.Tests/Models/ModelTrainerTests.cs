using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Models;
using Pipeline.Models.Autoencoders;
using Pipeline.Models.Classifiers;
using Pipeline.Models.Variational;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models;

public class ModelTrainerTests
{
    private static readonly DenoisingAutoencoderConfig SmallDenoising = new()
    {
        Network = new ConvAutoencoderConfig { Channels = new[] { 4, 8 }, LatentSize = 4 },
    };

    /// <summary>Trains straight through, then stopped mid-epoch and resumed into a differently initialized model; the weights must agree.</summary>
    private static void AssertResumeIsExact<TModel>(Func<TModel> create) where TModel : nn.Module, ITrainableModel
    {
        TModel Build(long seed)
        {
            random.manual_seed(seed);
            return create();
        }
        var train = ModelData.Train.Take(320);
        using var directory = new TempDirectory();
        var options = new TrainingOptions { Epochs = 2, BatchSize = 32, CheckpointPath = directory.File("model.safetensors") };

        using var straight = Build(3);
        new ModelTrainer<TModel>(straight, options with { CheckpointPath = null }).Train(train);

        using var interrupted = Build(3);
        new ModelTrainer<TModel>(interrupted, options with { MaxSteps = 13 }).Train(train);
        using (var checkpoint = Checkpoint.Load(options.CheckpointPath!, interrupted.ModelKind))
        {
            Assert.That(checkpoint.Step, Is.EqualTo(13));
            Assert.That(checkpoint.ExtraNames, Does.Contain(ModelTrainer<TModel>.NoiseStateName));
        }

        var tampered = directory.File("tampered.safetensors");
        WithFreshNoise(options.CheckpointPath!, tampered, create);

        using var resumed = Build(99);
        var summary = new ModelTrainer<TModel>(resumed, options with { Resume = true }).Train(train);
        Assert.That(summary.Steps, Is.EqualTo(2 * 10));
        foreach (var (name, value) in straight.state_dict())
            Assert.That(resumed.state_dict()[name].allclose(value, rtol: 0, atol: 1e-6), Is.True, name);

        // The noise matters: the same checkpoint with the noise generator back at its start ends elsewhere.
        using var misresumed = Build(99);
        new ModelTrainer<TModel>(misresumed, options with { Resume = true, CheckpointPath = tampered }).Train(train);
        Assert.That(straight.state_dict().Any(kv => !misresumed.state_dict()[kv.Key].allclose(kv.Value, rtol: 0, atol: 1e-6)), Is.True,
            "a resumed run with another noise stream differs");
    }

    /// <summary>Copies a checkpoint, replacing its noise generator state with that of a freshly seeded generator.</summary>
    private static void WithFreshNoise<TModel>(string source, string destination, Func<TModel> create) where TModel : nn.Module, ITrainableModel
    {
        using var checkpoint = Checkpoint.Load(source, Checkpoint.ReadKind(source));
        using var model = create();
        checkpoint.RestoreModel(model);
        using var optimizer = optim.Adam(model.parameters());
        checkpoint.RestoreOptimizer(model, optimizer);
        using var fresh = Noise.Seeded(ModelTrainer<TModel>.NoiseSeed(1));
        using var state = fresh.get_state();
        Checkpoint.Save(destination, new CheckpointContents
        {
            Kind = checkpoint.Kind,
            ConfigJson = checkpoint.ConfigJson,
            Step = checkpoint.Step,
            Model = model,
            Optimizer = optimizer,
            Extra = new Dictionary<string, Tensor> { [ModelTrainer<TModel>.NoiseStateName] = state },
            Metadata = checkpoint.Metadata,
        });
    }

    [Test]
    public void ResumingADenoisingRunDrawsTheSameCorruption() =>
        AssertResumeIsExact(() => new DenoisingAutoencoder(SmallDenoising));

    [Test]
    public void ResumingABernoulliVaeRunDrawsTheSameBinarizationAndEpsilon() =>
        AssertResumeIsExact(() => new VaeMlp(new VaeMlpConfig { HiddenSizes = new[] { 32 }, LatentSize = 4 }));

    [Test]
    public void ResumingARunWithDropoutDrawsTheSameMasks()
    {
        // The classifier's dropout draws from TorchSharp's default generator, not the trainer's noise generator.
        FashionClassifier Build()
        {
            random.manual_seed(3);
            return new FashionClassifier(new FashionClassifierConfig { FeatureSize = 16, Dropout = 0.5 });
        }
        var train = ModelData.Train.Take(192);
        using var directory = new TempDirectory();
        var options = new TrainingOptions { Epochs = 2, BatchSize = 32, CheckpointPath = directory.File("classifier.safetensors") };

        using var straight = Build();
        new ModelTrainer<FashionClassifier>(straight, options with { CheckpointPath = null }).Train(train);
        using var interrupted = Build();
        new ModelTrainer<FashionClassifier>(interrupted, options with { MaxSteps = 7 }).Train(train);
        using var resumed = Build();                    // as a resumed command does: seeded, built, then restored
        random.manual_seed(12345);                      // whatever happened to the default generator in between
        new ModelTrainer<FashionClassifier>(resumed, options with { Resume = true }).Train(train);

        foreach (var (name, value) in straight.state_dict())
            Assert.That(resumed.state_dict()[name].allclose(value, rtol: 0, atol: 1e-6), Is.True, name);
    }

    [Test]
    public void ResumingWithAnotherConfigurationOrSeedIsRefused()
    {
        using var directory = new TempDirectory();
        var path = directory.File("vae.safetensors");
        var train = ModelData.Train.Take(64);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 32, CheckpointPath = path, MaxSteps = 1 };
        using (var model = new VaeMlp(new VaeMlpConfig { LatentSize = 4 }))
            new ModelTrainer<VaeMlp>(model, options).Train(train);

        using var other = new VaeMlp(new VaeMlpConfig { LatentSize = 5 });
        var config = Assert.Throws<InvalidDataException>(() => new ModelTrainer<VaeMlp>(other, options with { Resume = true }).Train(train));
        Assert.That(config!.Message, Does.Contain("another configuration"));

        using var same = new VaeMlp(new VaeMlpConfig { LatentSize = 4 });
        var seed = Assert.Throws<InvalidDataException>(() => new ModelTrainer<VaeMlp>(same, options with { Resume = true, Seed = 5 }).Train(train));
        Assert.That(seed!.Message, Does.Contain("--seed 1"));

        var data = Assert.Throws<InvalidDataException>(() => new ModelTrainer<VaeMlp>(same, options with { Resume = true, Data = Pipeline.Data.TrainingData.Digits }).Train(train));
        Assert.That(data!.Message, Does.Contain("trained on Fashion-MNIST, not mnist_digits").And.Contain("same --data"));

        using var conv = new VaeConv(new VaeConvConfig { LatentSize = 4 });
        var kind = Assert.Throws<CheckpointException>(() => new ModelTrainer<VaeConv>(conv, options with { Resume = true }).Train(train));
        Assert.That(kind!.Message, Does.Contain(VaeMlp.Kind).And.Contain(VaeConv.Kind));
    }

    [Test]
    public void ProgressReportsTheLossParts()
    {
        var progress = new RecordingProgress();
        using var model = new SparseAutoencoder(new SparseAutoencoderConfig());
        new ModelTrainer<SparseAutoencoder>(model, new TrainingOptions { Epochs = 1, BatchSize = 32 })
            .Train(ModelData.Train.Take(640), progress);
        var reports = progress.Reports;
        Assert.That(reports.Select(r => r.BatchInEpoch), Is.EqualTo(new[] { 20 }));
        Assert.That(reports[0].Parts.Select(p => p.Name), Is.EqualTo(new[] { "mse", "l1" }));
        Assert.That(reports[0].Loss, Is.EqualTo(reports[0].Parts[0].Value + 0.01 * reports[0].Parts[1].Value).Within(1e-6));
    }
}
