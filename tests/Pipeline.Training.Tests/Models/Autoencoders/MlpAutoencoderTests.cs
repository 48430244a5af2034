using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Models.Autoencoders;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using Pipeline.Tests.Support;

namespace Pipeline.Tests.Models.Autoencoders;

public class MlpAutoencoderTests
{
    [Test]
    public void ArchitectureIsTheSeedsToyAutoencoder()
    {
        using var model = new MlpAutoencoder(new MlpAutoencoderConfig());
        var shapes = model.state_dict().Select(kv => $"{kv.Key}:{string.Join("x", kv.Value.shape)}");
        Assert.That(shapes, Is.EqualTo(new[]
        {
            "encoder.0.weight:128x784", "encoder.0.bias:128", "encoder.2.weight:64x128", "encoder.2.bias:64",
            "encoder.4.weight:12x64", "encoder.4.bias:12", "encoder.6.weight:2x12", "encoder.6.bias:2",
            "decoder.0.weight:12x2", "decoder.0.bias:12", "decoder.2.weight:64x12", "decoder.2.bias:64",
            "decoder.4.weight:128x64", "decoder.4.bias:128", "decoder.6.weight:784x128", "decoder.6.bias:784",
        }));
        using var scope = NewDisposeScope();
        Assert.That(model.Encode(zeros(3, 1, 28, 28)).shape, Is.EqualTo(new long[] { 3, 2 }));
    }

    [Test]
    public void OneEpochBeatsTheMeanImageTwice()
    {
        using var model = Seeded.Model(1, () => new MlpAutoencoder(new MlpAutoencoderConfig()));
        var summary = new ModelTrainer<MlpAutoencoder>(model, new TrainingOptions { Epochs = 1 }).Train(ModelData.Train);
        var report = ReconstructionError.Report(model, ModelData.Train, ModelData.Test, CPU);
        TestContext.Out.WriteLine($"test MSE {report.TestMse:F5}, mean image {report.MeanImageMse:F5}, {report.ImprovementOverBaseline:F2}x");
        Assert.That(summary.Steps, Is.EqualTo(469));
        Assert.That(report.ImprovementOverBaseline, Is.GreaterThanOrEqualTo(2.0));
    }

    [Test]
    public void ResumingContinuesExactlyWhereTrainingStopped()
    {
        var train = ModelData.Train.Take(1000);
        using var directory = new TempDirectory();
        var path = directory.File("ae.safetensors");
        var options = new TrainingOptions { Epochs = 3, BatchSize = 64, CheckpointPath = path };

        using var straight = Seeded.Model(3, () => new MlpAutoencoder(new MlpAutoencoderConfig()));
        new ModelTrainer<MlpAutoencoder>(straight, options with { CheckpointPath = null }).Train(train);

        using var interrupted = Seeded.Model(3, () => new MlpAutoencoder(new MlpAutoencoderConfig()));
        new ModelTrainer<MlpAutoencoder>(interrupted, options with { MaxSteps = 21 }).Train(train);
        using (var checkpoint = Checkpoint.Load(path, MlpAutoencoder.Kind))
            Assert.That(checkpoint.Step, Is.EqualTo(21));

        using var resumed = Seeded.Model(99, () => new MlpAutoencoder(new MlpAutoencoderConfig()));
        var summary = new ModelTrainer<MlpAutoencoder>(resumed, options with { Resume = true }).Train(train);
        Assert.That(summary.Steps, Is.EqualTo(3 * 16));
        foreach (var (name, value) in straight.state_dict())
            Assert.That(resumed.state_dict()[name].allclose(value, rtol: 0, atol: 1e-6), Is.True, name);
    }

    [Test]
    public void ResumingFromAnotherModelsCheckpointIsRefused()
    {
        using var directory = new TempDirectory();
        var path = directory.File("other.safetensors");
        using var model = new MlpAutoencoder(new MlpAutoencoderConfig());
        Checkpoint.Save(path, new CheckpointContents { Kind = "vae", ConfigJson = "{}", Step = 1, Model = model });
        var trainer = new ModelTrainer<MlpAutoencoder>(model, new TrainingOptions { CheckpointPath = path, Resume = true, MaxSteps = 1 });
        var error = Assert.Throws<CheckpointException>(() => trainer.Train(ModelData.Train.Take(64)));
        Assert.That(error!.Message, Does.Contain("vae").And.Contain(MlpAutoencoder.Kind));
    }
}
