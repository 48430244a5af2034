using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Models;
using Pipeline.Models.Adversarial;
using Pipeline.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>Divergence checks stop training, name the step and keep the last good checkpoint.</summary>
public sealed class DivergenceTests
{
    [Test]
    public void NonFiniteWeightsStopTrainingBeforeTheyOverwriteTheLastGoodCheckpoint()
    {
        using var directory = new TempDirectory();
        var path = directory.File("poisoned.safetensors");
        using var model = new PoisonedModel();
        var trainer = new ModelTrainer<PoisonedModel>(model, new TrainingOptions { Epochs = 1, BatchSize = 10, CheckpointPath = path, CheckpointEvery = 4 });

        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Train(ModelData.Train.Take(300)))!;

        Assert.That(error.Step, Is.EqualTo(8), "the first checkpoint after the NaN step (7) finds non-finite weights");
        Assert.That(error.LastCheckpoint, Is.EqualTo(path));
        Assert.That(error.LastCheckpointStep, Is.EqualTo(4));
        Assert.That(error.Message, Does.Contain("step 8").And.Contain(path).And.Contain("(step 4)").And.Contain("start again with a lower --lr"));
        using var checkpoint = Checkpoint.Load(path, "poisoned");
        Assert.That(checkpoint.Step, Is.EqualTo(4));
        using var restored = new PoisonedModel();
        checkpoint.RestoreModel(restored);
        Assert.That(restored.parameters().All(p => isfinite(p).all().item<bool>()), Is.True);
    }

    [Test]
    public void ANonFiniteLossIsCaughtAtTheNextReport()
    {
        using var model = new PoisonedModel { PoisonedFrom = 3 };
        var trainer = new ModelTrainer<PoisonedModel>(model, new TrainingOptions { Epochs = 1, BatchSize = 10 });
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Train(ModelData.Train.Take(300)))!;
        Assert.That(error.Step, Is.EqualTo(20), "reports come every 20 steps");
        Assert.That(error.Reason, Does.Contain("NaN"));
        Assert.That(error.Message, Does.Contain("No checkpoint was written"));
    }

    [Test]
    public void ANonFiniteGradientBehindAFiniteLossIsCaughtByName()
    {
        using var model = new PoisonedModel { PoisonedFrom = int.MaxValue, PoisonGradientAt = 20 };
        var trainer = new ModelTrainer<PoisonedModel>(model, new TrainingOptions { Epochs = 1, BatchSize = 10 });
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Train(ModelData.Train.Take(300)))!;
        Assert.That(error.Step, Is.EqualTo(20));
        Assert.That(error.Reason, Does.Contain("the gradient of parameter 'layer.weight' holds NaN"));
    }

    [Test]
    public void ACollapsedDiscriminatorIsReportedAfterItsPatience()
    {
        var check = new DiscriminatorCollapse(patience: 3);
        TrainingProgress Report(long step, double real, double fake) =>
            new(1, 1, (int)step, 100, step, 0.1, [("discriminator", 0.1), (AdversarialParts.RealScore, real), (AdversarialParts.FakeScore, fake)]);
        Assert.That(check.Check(Report(20, 0.999, 0.001)), Is.Null);
        Assert.That(check.Check(Report(40, 0.999, 0.001)), Is.Null);
        Assert.That(check.Check(Report(60, 0.7, 0.3)), Is.Null, "a report without collapse starts the count again");
        Assert.That(check.Check(Report(80, 0.995, 0.002)), Is.Null);
        Assert.That(check.Check(Report(100, 0.995, 0.002)), Is.Null);
        Assert.That(check.Check(Report(120, 0.996, 0.003)), Does.Contain("collapsed").And.Contain("0.9960").And.Contain("0.0030"));
        var wasserstein = new TrainingProgress(1, 1, 1, 1, 1, -0.5, [(AdversarialParts.Wasserstein, 3.0), (AdversarialParts.Penalty, 0.1)]);
        Assert.That(Enumerable.Range(0, 10).Select(_ => check.Check(wasserstein)), Has.All.Null, "critics do not saturate");
    }
}
