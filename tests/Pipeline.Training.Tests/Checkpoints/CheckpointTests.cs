using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Nn;
using Pipeline.Optim;
using Pipeline.Tensors;

namespace Pipeline.Tests.Checkpoints;

public class CheckpointTests
{
    private static CheckpointContents Contents(Module model, Optimizer? optimizer = null) => new()
    {
        Kind = TinyModel.Kind,
        ConfigJson = TinyModel.ConfigJson,
        Step = 2,
        Model = model,
        Optimizer = optimizer,
        Metadata = new Dictionary<string, string> { ["dataset"] = "toy" },
    };

    [Test]
    public void ARestoredModelGivesIdenticalOutputs()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        using var trained = TinyModel.Create(seed: 1);
        using var fresh = TinyModel.Create(seed: 2);
        var inputs = TinyModel.Inputs();
        Assert.That(TinyModel.SameWeights(trained, fresh), Is.False);

        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(trained));
        using var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind);
        checkpoint.RestoreModel(fresh);

        Assert.That(TinyModel.SameWeights(trained, fresh), Is.True);
        Assert.That(fresh.Forward(inputs).Equal(trained.Forward(inputs)), Is.True);
        Assert.That(checkpoint.Kind, Is.EqualTo(TinyModel.Kind));
        Assert.That(checkpoint.ConfigJson, Is.EqualTo(TinyModel.ConfigJson));
        Assert.That(checkpoint.Step, Is.EqualTo(2));
        Assert.That(checkpoint.Metadata, Is.EquivalentTo(new Dictionary<string, string> { ["dataset"] = "toy" }));
        Assert.That(checkpoint.OptimizerStep, Is.Null);
    }

    [Test]
    public void ARestoredOptimizerContinuesExactly()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        var (inputs, targets) = (TinyModel.Inputs(), TinyModel.Targets());
        using var original = TinyModel.Create(seed: 1);
        using var originalAdam = new Adam(original.Parameters(), learningRate: 0.05);
        TinyModel.Step(original, originalAdam, inputs, targets);
        TinyModel.Step(original, originalAdam, inputs, targets);
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(original, originalAdam));

        using var resumed = TinyModel.Create(seed: 2);
        using var resumedAdam = new Adam(resumed.Parameters(), learningRate: 0.001);
        using (var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind))
        {
            checkpoint.RestoreModel(resumed);
            checkpoint.RestoreOptimizer(resumedAdam);
            Assert.That(checkpoint.OptimizerStep, Is.EqualTo(2));
        }
        Assert.That(resumedAdam.StepCount, Is.EqualTo(2));
        Assert.That(resumedAdam.LearningRate, Is.EqualTo(0.05));

        for (var i = 0; i < 3; i++)
        {
            TinyModel.Step(original, originalAdam, inputs, targets);
            TinyModel.Step(resumed, resumedAdam, inputs, targets);
        }
        Assert.That(TinyModel.SameWeights(original, resumed), Is.True);
    }

    [Test]
    public void EmaSchedulerAndExtraTensorsRoundTrip()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        var (inputs, targets) = (TinyModel.Inputs(), TinyModel.Targets());
        using var model = TinyModel.Create(seed: 1);
        using var adam = new Adam(model.Parameters(), learningRate: 0.1);
        using var ema = new ExponentialMovingAverage(model, decay: 0.9);
        var scheduler = new StepLR(adam, stepSize: 1, gamma: 0.5);
        using var generator = new Generator(7);
        for (var i = 0; i < 2; i++)
        {
            TinyModel.Step(model, adam, inputs, targets);
            ema.Update();
            scheduler.Step();
        }
        using var draws = Torch.Rand(new long[] { 2 }, generator);
        using var generatorState = generator.GetState();
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(model, adam) with
        {
            Ema = ema,
            Scheduler = scheduler,
            Extra = new Dictionary<string, Tensor> { ["generator"] = generatorState },
        });

        using var other = TinyModel.Create(seed: 3);
        using var otherAdam = new Adam(other.Parameters(), learningRate: 0.1);
        using var otherEma = new ExponentialMovingAverage(other, decay: 0.9);
        var otherScheduler = new StepLR(otherAdam, stepSize: 1, gamma: 0.5);
        using var otherGenerator = new Generator(99);
        using var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind);
        checkpoint.RestoreModel(other);
        checkpoint.RestoreOptimizer(otherAdam);
        checkpoint.RestoreEma(otherEma);
        checkpoint.RestoreScheduler(otherScheduler);
        otherGenerator.SetState(checkpoint.Extra("generator"));

        Assert.That(otherEma.UpdateCount, Is.EqualTo(2));
        Assert.That(otherEma.StateDict().All(kv => kv.Value.Equal(ema.StateDict()[kv.Key])), Is.True);
        Assert.That(otherScheduler.StepCount, Is.EqualTo(2));
        Assert.That(otherAdam.LearningRate, Is.EqualTo(0.025));
        Assert.That(checkpoint.ExtraNames, Is.EqualTo(new[] { "generator" }));
        Assert.That(checkpoint.Extra("generator").DType, Is.EqualTo(DType.UInt8));
        using var expected = Torch.Rand(new long[] { 3 }, generator);
        using var actual = Torch.Rand(new long[] { 3 }, otherGenerator);
        Assert.That(actual.Equal(expected), Is.True);
    }

    [Test]
    public void AMissingPartIsNamedWithTheFix()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        using var model = TinyModel.Create(seed: 1);
        using var adam = new Adam(model.Parameters());
        using var ema = new ExponentialMovingAverage(model);
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(model));

        using var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind);

        Assert.That(() => checkpoint.RestoreOptimizer(adam), Throws.TypeOf<CheckpointException>().With.Message.Contains("no optimizer state"));
        Assert.That(() => checkpoint.RestoreEma(ema), Throws.TypeOf<CheckpointException>().With.Message.Contains("no EMA"));
        Assert.That(() => checkpoint.Extra("generator"), Throws.TypeOf<CheckpointException>().With.Message.Contains("no extra tensor 'generator'"));
    }

    [Test]
    public void AnotherKindIsRefusedNamingBoth()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        using var model = TinyModel.Create(seed: 1);
        Checkpoint.Save(dir.File("vae.safetensors"), Contents(model) with { Kind = "vae" });

        Assert.That(Checkpoint.ReadKind(dir.File("vae.safetensors")), Is.EqualTo("vae"));
        Assert.That(() => Checkpoint.Load(dir.File("vae.safetensors"), TinyModel.Kind), Throws.TypeOf<CheckpointException>()
            .With.Message.Contains("holds a 'vae' checkpoint, not 'mlp-autoencoder'").And.Message.Contains("vae.safetensors"));
    }

    [Test]
    public void APlainSafeTensorsFileIsNotACheckpoint()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        SafeTensors.Write(dir.File("plain.safetensors"), new Dictionary<string, Tensor> { ["w"] = Torch.Ones(2) });

        Assert.That(() => Checkpoint.Load(dir.File("plain.safetensors"), TinyModel.Kind), Throws.TypeOf<CheckpointException>()
            .With.Message.Contains("not a Pipeline checkpoint").And.Message.Contains("pipeline.format"));
        Assert.That(() => Checkpoint.ReadKind(dir.File("plain.safetensors")), Throws.TypeOf<CheckpointException>()
            .With.Message.Contains("not a Pipeline checkpoint"));
    }

    [Test]
    public void AModelOfAnotherShapeIsRefusedNamingTheParameters()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        using var model = TinyModel.Create(seed: 1);
        using var wider = TinyModel.Create(seed: 1, hidden: 5);
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(model));
        var before = wider.StateDict().Values.Select(t => t.Clone()).ToList();

        using var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind);

        Assert.That(() => checkpoint.RestoreModel(wider), Throws.TypeOf<CheckpointException>()
            .With.Message.Contains("'0.weight': shape [3, 4] in the state, [5, 4] in the model")
            .And.Message.Contains("'2.weight'")
            .And.Message.Contains("ckpt.safetensors")
            .And.InnerException.TypeOf<StateDictMismatchException>());
        Assert.That(wider.StateDict().Values.Zip(before).All(p => p.First.Equal(p.Second)), Is.True, "nothing may be copied");
    }

    [Test]
    public void AnEmaOfAnotherShapeIsRefusedNamingTheParameters()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        using var model = TinyModel.Create(seed: 1);
        using var ema = new ExponentialMovingAverage(model);
        using var wider = TinyModel.Create(seed: 1, hidden: 5);
        using var widerEma = new ExponentialMovingAverage(wider);
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(model) with { Ema = ema });

        using var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind);

        Assert.That(() => checkpoint.RestoreEma(widerEma), Throws.TypeOf<CheckpointException>()
            .With.Message.Contains("'0.weight': shape [3, 4] in the checkpoint, [5, 4] here"));
        Assert.That(widerEma.UpdateCount, Is.Zero);
    }

    [Test]
    public void OptimizerStateOfAnotherTypeIsRefused()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        using var model = TinyModel.Create(seed: 1);
        using var sgd = new Sgd(model.Parameters(), learningRate: 0.1, momentum: 0.9);
        using var adam = new Adam(model.Parameters());
        TinyModel.Step(model, sgd, TinyModel.Inputs(), TinyModel.Targets());
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(model, sgd));

        using var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind);

        Assert.That(() => checkpoint.RestoreOptimizer(adam), Throws.TypeOf<CheckpointException>().With.Message.Contains("holds Sgd optimizer state, not Adam"));
    }

    [Test]
    public void ReservedMetadataAndInvalidConfigAreRefusedBeforeWriting()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        using var model = TinyModel.Create(seed: 1);
        var path = dir.File("ckpt.safetensors");

        Assert.That(() => Checkpoint.Save(path, Contents(model) with { Metadata = new Dictionary<string, string> { ["pipeline.step"] = "9" } }),
            Throws.ArgumentException.With.Message.Contains("reserved"));
        Assert.That(() => Checkpoint.Save(path, Contents(model) with { ConfigJson = "{hidden: 3" }),
            Throws.ArgumentException.With.Message.Contains("ConfigJson is not valid JSON"));
        Assert.That(dir.Files(), Is.Empty);
    }

    [Test]
    public void TheMetadataFollowsTheFormat()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        using var model = TinyModel.Create(seed: 1);
        using var adam = new Adam(model.Parameters());
        TinyModel.Step(model, adam, TinyModel.Inputs(), TinyModel.Targets());
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(model, adam));

        var metadata = SafeTensors.ReadMetadata(dir.File("ckpt.safetensors"));
        using var file = SafeTensors.Read(dir.File("ckpt.safetensors"));

        Assert.That(metadata["pipeline.format"], Is.EqualTo("1"));
        Assert.That(metadata["pipeline.kind"], Is.EqualTo(TinyModel.Kind));
        Assert.That(metadata["pipeline.config"], Is.EqualTo(TinyModel.ConfigJson));
        Assert.That(metadata["pipeline.step"], Is.EqualTo("2"));
        Assert.That(metadata["pipeline.optimizer_step"], Is.EqualTo("1"));
        Assert.That(metadata["dataset"], Is.EqualTo("toy"));
        Assert.That(metadata.ContainsKey("pipeline.ema_updates"), Is.False);
        Assert.That(file.Tensors.Keys, Is.EqualTo(new[]
        {
            "model/0.weight", "model/0.bias", "model/2.weight", "model/2.bias",
            "optimizer/0.exp_avg", "optimizer/0.exp_avg_sq", "optimizer/1.exp_avg", "optimizer/1.exp_avg_sq",
            "optimizer/2.exp_avg", "optimizer/2.exp_avg_sq", "optimizer/3.exp_avg", "optimizer/3.exp_avg_sq",
        }));
    }
}
