using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Models.Flows;
using Pipeline.Tests.Models.Flows;
using Pipeline.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>Early stopping on a validation split: the trainer stops at the patience and keeps the best epoch's weights.</summary>
public sealed class EarlyStoppingTests
{
    private static ImageDataset SmallImages()
    {
        var bytes = new byte[64 * 16];
        new Random(1).NextBytes(bytes);
        return new ImageDataset("random-4x4", bytes, new byte[64], 4, 4, ["any"]);
    }

    [Test]
    public void TrainingStopsAtThePatienceWithTheBestEpochsWeightsInTheModelAndTheCheckpoint()
    {
        random.manual_seed(12);
        using var model = new RealNvp(RealNvpTests.Small);
        using var directory = new TempDirectory();
        var path = directory.File("flow.safetensors");
        double[] losses = [3, 2, 2.5, 2.7, 1, 0.5];
        var calls = 0;
        Dictionary<string, Tensor>? atBest = null;
        using var stopping = new EarlyStopping(() =>
        {
            var loss = losses[calls++];
            if (calls == 2) atBest = model.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
            return loss;
        }, patience: 2);
        var summary = new ModelTrainer<RealNvp>(model, new TrainingOptions { Epochs = 10, BatchSize = 16, CheckpointPath = path })
            .Train(SmallImages(), stopping: stopping);

        Assert.That(calls, Is.EqualTo(4), "two epochs without improvement after epoch 2");
        Assert.That(summary.Steps, Is.EqualTo(4 * 4));
        Assert.That((stopping.BestEpoch, stopping.BestLoss, stopping.Stopped), Is.EqualTo((2, 2.0, true)));
        Assert.That(stopping.History, Is.EqualTo(new[] { 3, 2, 2.5, 2.7 }));
        using var saved = new RealNvp(RealNvpTests.Small);
        using (var checkpoint = Checkpoint.Load(path, RealNvp.Kind)) checkpoint.RestoreModel(saved);
        foreach (var (name, value) in atBest!)
        {
            Assert.That(model.state_dict()[name].equal(value).all().item<bool>(), Is.True, $"model {name}");
            Assert.That(saved.state_dict()[name].equal(value).all().item<bool>(), Is.True, $"checkpoint {name}");
        }
        Assert.That(model.training, Is.True, "validation runs in evaluation mode and gives the model back in training mode");
    }

    [Test]
    public void AResumedRunStopsWhereTheUninterruptedOneDoesWithItsBestWeights()
    {
        // Validation losses by epoch: the best is epoch 2, so patience 2 stops after epoch 4.
        double[] losses = [3, 2, 2.5, 2.7, 1, 0.5];
        using var directory = new TempDirectory();
        var options = new TrainingOptions { Epochs = 10, BatchSize = 16, CheckpointPath = directory.File("flow.safetensors") };
        (RealNvp Model, EarlyStopping Stopping, TrainingSummary Summary) Run(TrainingOptions runOptions, RealNvp? model = null)
        {
            random.manual_seed(12);
            model ??= new RealNvp(RealNvpTests.Small);
            var stopping = new EarlyStopping(() => losses[stoppingCalls++], patience: 2);
            return (model, stopping, new ModelTrainer<RealNvp>(model, runOptions).Train(SmallImages(), stopping: stopping));
        }

        stoppingCalls = 0;
        var straight = Run(options with { CheckpointPath = null });
        stoppingCalls = 0;
        var first = Run(options with { MaxSteps = 3 * 4 });                 // killed after epoch 3: the best (epoch 2) is behind it
        using (first.Model) first.Stopping.Dispose();
        var resumed = Run(options with { Resume = true });

        Assert.That((resumed.Stopping.BestEpoch, resumed.Stopping.Stopped), Is.EqualTo((2, true)));
        Assert.That(resumed.Stopping.History, Is.EqualTo(straight.Stopping.History));
        Assert.That(resumed.Summary.Steps, Is.EqualTo(straight.Summary.Steps));
        foreach (var (name, value) in straight.Model.state_dict())
            Assert.That(resumed.Model.state_dict()[name].equal(value).all().item<bool>(), Is.True, name);
        foreach (var run in new[] { straight, resumed })
        {
            run.Stopping.Dispose();
            run.Model.Dispose();
        }
    }

    private static int stoppingCalls;

    [Test]
    public void APatienceBelowOneEpochIsRefused() =>
        Assert.That(() => new EarlyStopping(() => 0, 0), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("--patience"));
}
