using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Tests.Support;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Tests.Checkpoints;

/// <summary>Checkpoints of several optimizers, each over a part of the model (the players of a GAN).</summary>
public sealed class NamedOptimizerCheckpointTests
{
    private static (Sequential Pair, TinyModel First, TinyModel Second) Players(long seed)
    {
        var first = TinyModel.Create(seed);
        var second = TinyModel.Create(seed + 100);
        return (nn.Sequential(("first", (nn.Module<Tensor, Tensor>)first), ("second", second)), first, second);
    }

    private static CheckpointContents Contents(Sequential pair, params NamedOptimizer[] optimizers) => new()
    {
        Kind = TinyModel.Kind, ConfigJson = TinyModel.ConfigJson, Step = 2, Model = pair, NamedOptimizers = optimizers,
    };

    [Test]
    public void EachOptimizerIsRestoredByNameAndTrainingContinuesExactly()
    {
        using var directory = new TempDirectory();
        using var scope = NewDisposeScope();
        var (inputs, targets) = (TinyModel.Inputs(), TinyModel.Targets());
        var (pair, first, second) = Players(1);
        using var adamFirst = optim.Adam(first.parameters(), lr: 0.05);
        using var adamSecond = optim.Adam(second.parameters(), lr: 0.01);
        TinyModel.Step(first, adamFirst, inputs, targets);
        TinyModel.Step(second, adamSecond, inputs, targets);
        TinyModel.Step(second, adamSecond, inputs, targets);
        Checkpoint.Save(directory.File("pair.safetensors"), Contents(pair, new NamedOptimizer("first", first, adamFirst), new NamedOptimizer("second", second, adamSecond)));

        var (resumedPair, resumedFirst, resumedSecond) = Players(7);
        using var freshFirst = optim.Adam(resumedFirst.parameters(), lr: 1);
        using var freshSecond = optim.Adam(resumedSecond.parameters(), lr: 1);
        using (var checkpoint = Checkpoint.Load(directory.File("pair.safetensors"), TinyModel.Kind))
        {
            Assert.That(checkpoint.OptimizerNames, Is.EquivalentTo(new[] { "first", "second" }));
            Assert.That(checkpoint.OptimizerStep, Is.Null, "no unnamed optimizer was saved");
            checkpoint.RestoreModel(resumedPair);
            checkpoint.RestoreOptimizer("first", resumedFirst, freshFirst);
            checkpoint.RestoreOptimizer("second", resumedSecond, freshSecond);
            Assert.That(() => checkpoint.RestoreOptimizer("third", resumedFirst, freshFirst),
                Throws.TypeOf<CheckpointException>().With.Message.Contains("no optimizer named 'third'").And.Message.Contains("first, second"));
            Assert.That(() => checkpoint.RestoreOptimizer("first", resumedPair, freshFirst),
                Throws.TypeOf<CheckpointException>().With.Message.Contains("does not fit"));
        }
        Assert.That(freshFirst.ParamGroups.Single().LearningRate, Is.EqualTo(0.05));
        Assert.That(freshSecond.state_dict().State.Cast<Adam.State>().Select(s => s.step), Has.All.EqualTo(2));
        for (var i = 0; i < 3; i++)
        {
            TinyModel.Step(first, adamFirst, inputs, targets);
            TinyModel.Step(resumedFirst, freshFirst, inputs, targets);
            TinyModel.Step(second, adamSecond, inputs, targets);
            TinyModel.Step(resumedSecond, freshSecond, inputs, targets);
        }
        Assert.That(TinyModel.SameWeights(first, resumedFirst) && TinyModel.SameWeights(second, resumedSecond), Is.True);
    }

    [Test]
    public void OptimizerNamesMustBeNamesAndDiffer()
    {
        using var directory = new TempDirectory();
        var (pair, first, second) = Players(1);
        using var adam = optim.Adam(first.parameters());
        using var other = optim.Adam(second.parameters());
        Assert.That(() => Checkpoint.Save(directory.File("a.safetensors"), Contents(pair, new NamedOptimizer("a/b", first, adam))),
            Throws.ArgumentException.With.Message.Contains("'a/b' is not a name"));
        Assert.That(() => Checkpoint.Save(directory.File("b.safetensors"), Contents(pair, new NamedOptimizer("same", first, adam), new NamedOptimizer("same", second, other))),
            Throws.ArgumentException.With.Message.Contains("must differ"));
        Assert.That(Directory.GetFiles(directory.Path), Is.Empty, "nothing is written");
    }

    [Test]
    public void DamagedOptimizerMetadataIsRefused()
    {
        using var directory = new TempDirectory();
        var (pair, _, _) = Players(1);
        var path = directory.File("damaged.safetensors");
        SafeTensors.Write(path, pair.state_dict().ToDictionary(kv => "model/" + kv.Key, kv => kv.Value), new Dictionary<string, string>
        {
            ["pipeline.format"] = "1", ["pipeline.kind"] = TinyModel.Kind, ["pipeline.config"] = "{}", ["pipeline.step"] = "2",
            ["pipeline.optimizers"] = "{\"first\": {\"step\": -3, \"learning_rate\": 0.1}}",
        });
        Assert.That(() => Checkpoint.Load(path, TinyModel.Kind), Throws.TypeOf<CheckpointException>().With.Message.Contains("pipeline.optimizers").And.Message.Contains("save the checkpoint again"));
    }
}
