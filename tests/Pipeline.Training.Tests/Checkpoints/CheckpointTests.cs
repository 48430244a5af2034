using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Optim;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Tests.Checkpoints;

public class CheckpointTests
{
    private static CheckpointContents Contents(nn.Module model, Adam? optimizer = null) => new()
    {
        Kind = TinyModel.Kind,
        ConfigJson = TinyModel.ConfigJson,
        Step = 2,
        Model = model,
        Optimizer = optimizer,
        Metadata = new Dictionary<string, string> { ["dataset"] = "toy" },
    };

    private static long[] StepCounts(Adam optimizer) =>
        optimizer.state_dict().State.Cast<Adam.State>().Select(s => s.step).ToArray();

    private static double LearningRate(Adam optimizer) => optimizer.ParamGroups.Single().LearningRate;

    [Test]
    public void ARestoredModelGivesIdenticalOutputs()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        using var trained = TinyModel.Create(seed: 1);
        using var fresh = TinyModel.Create(seed: 2);
        var inputs = TinyModel.Inputs();
        Assert.That(TinyModel.SameWeights(trained, fresh), Is.False);

        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(trained));
        using var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind);
        checkpoint.RestoreModel(fresh);

        Assert.That(TinyModel.SameWeights(trained, fresh), Is.True);
        Assert.That(fresh.call(inputs).Equals(trained.call(inputs)), Is.True);
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
        using var scope = torch.NewDisposeScope();
        var (inputs, targets) = (TinyModel.Inputs(), TinyModel.Targets());
        using var original = TinyModel.Create(seed: 1);
        using var originalAdam = torch.optim.Adam(original.parameters(), lr: 0.05);
        TinyModel.Step(original, originalAdam, inputs, targets);
        TinyModel.Step(original, originalAdam, inputs, targets);
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(original, originalAdam));

        using var resumed = TinyModel.Create(seed: 2);
        using var resumedAdam = torch.optim.Adam(resumed.parameters(), lr: 0.001);
        using (var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind))
        {
            checkpoint.RestoreModel(resumed);
            checkpoint.RestoreOptimizer(resumed, resumedAdam);
            Assert.That(checkpoint.OptimizerStep, Is.EqualTo(2));
        }
        Assert.That(StepCounts(resumedAdam), Is.EqualTo(new long[] { 2, 2, 2, 2 }));
        Assert.That(LearningRate(resumedAdam), Is.EqualTo(0.05));

        for (var i = 0; i < 3; i++)
        {
            TinyModel.Step(original, originalAdam, inputs, targets);
            TinyModel.Step(resumed, resumedAdam, inputs, targets);
        }
        Assert.That(TinyModel.SameWeights(original, resumed), Is.True);
    }

    [Test]
    public void EmaAndExtraTensorsRoundTrip()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var (inputs, targets) = (TinyModel.Inputs(), TinyModel.Targets());
        using var model = TinyModel.Create(seed: 1);
        using var adam = torch.optim.Adam(model.parameters(), lr: 0.1);
        using var ema = new ExponentialMovingAverage(model, decay: 0.9);
        using var generator = Pipeline.Randomness.Noise.Seeded(7);
        for (var i = 0; i < 2; i++)
        {
            TinyModel.Step(model, adam, inputs, targets);
            ema.Update();
        }
        using var draws = torch.rand(new long[] { 2 }, generator: generator);
        using var generatorState = generator.get_state();
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(model, adam) with
        {
            Ema = ema,
            Extra = new Dictionary<string, Tensor> { ["generator"] = generatorState },
        });

        using var other = TinyModel.Create(seed: 3);
        using var otherAdam = torch.optim.Adam(other.parameters(), lr: 0.1);
        using var otherEma = new ExponentialMovingAverage(other, decay: 0.9);
        using var otherGenerator = Pipeline.Randomness.Noise.Seeded(99);
        using var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind);
        checkpoint.RestoreModel(other);
        checkpoint.RestoreOptimizer(other, otherAdam);
        checkpoint.RestoreEma(otherEma);
        otherGenerator.set_state(checkpoint.Extra("generator"));

        Assert.That(otherEma.UpdateCount, Is.EqualTo(2));
        Assert.That(otherEma.StateDict().All(kv => kv.Value.Equals(ema.StateDict()[kv.Key])), Is.True);
        Assert.That(checkpoint.ExtraNames, Is.EqualTo(new[] { "generator" }));
        Assert.That(checkpoint.Extra("generator").dtype, Is.EqualTo(ScalarType.Byte));
        using var expected = torch.rand(new long[] { 3 }, generator: generator);
        using var actual = torch.rand(new long[] { 3 }, generator: otherGenerator);
        Assert.That(actual.Equals(expected), Is.True);
    }

    [Test]
    public void AMissingPartIsNamedWithTheFix()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        using var model = TinyModel.Create(seed: 1);
        using var adam = torch.optim.Adam(model.parameters());
        using var ema = new ExponentialMovingAverage(model);
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(model));

        using var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind);

        Assert.That(() => checkpoint.RestoreOptimizer(model, adam), Throws.TypeOf<CheckpointException>().With.Message.Contains("no optimizer state"));
        Assert.That(() => checkpoint.RestoreEma(ema), Throws.TypeOf<CheckpointException>().With.Message.Contains("no EMA"));
        Assert.That(() => checkpoint.Extra("generator"), Throws.TypeOf<CheckpointException>().With.Message.Contains("no extra tensor 'generator'"));
    }

    [Test]
    public void AnotherKindIsRefusedNamingBoth()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
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
        using var scope = torch.NewDisposeScope();
        SafeTensors.Write(dir.File("plain.safetensors"), new Dictionary<string, Tensor> { ["w"] = torch.ones(2) });

        Assert.That(() => Checkpoint.Load(dir.File("plain.safetensors"), TinyModel.Kind), Throws.TypeOf<CheckpointException>()
            .With.Message.Contains("not a Pipeline checkpoint").And.Message.Contains("pipeline.format"));
        Assert.That(() => Checkpoint.ReadKind(dir.File("plain.safetensors")), Throws.TypeOf<CheckpointException>()
            .With.Message.Contains("not a Pipeline checkpoint"));
    }

    [Test]
    public void AModelOfAnotherShapeIsRefusedNamingTheParameters()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        using var model = TinyModel.Create(seed: 1);
        using var wider = TinyModel.Create(seed: 1, hidden: 5);
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(model));
        var before = wider.state_dict().Values.Select(t => t.clone()).ToList();

        using var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind);

        Assert.That(() => checkpoint.RestoreModel(wider), Throws.TypeOf<CheckpointException>()
            .With.Message.Contains("does not fit this TinyModel")
            .And.Message.Contains("'hidden.weight': shape [3, 4] in the checkpoint, [5, 4] here")
            .And.Message.Contains("'output.weight'")
            .And.Message.Contains("ckpt.safetensors"));
        Assert.That(wider.state_dict().Values.Zip(before).All(p => p.First.Equals(p.Second)), Is.True, "nothing may be copied");
    }

    [Test]
    public void AnEmaOfAnotherShapeIsRefusedNamingTheParameters()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        using var model = TinyModel.Create(seed: 1);
        using var ema = new ExponentialMovingAverage(model);
        using var wider = TinyModel.Create(seed: 1, hidden: 5);
        using var widerEma = new ExponentialMovingAverage(wider);
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(model) with { Ema = ema });

        using var checkpoint = Checkpoint.Load(dir.File("ckpt.safetensors"), TinyModel.Kind);

        Assert.That(() => checkpoint.RestoreEma(widerEma), Throws.TypeOf<CheckpointException>()
            .With.Message.Contains("'hidden.weight': shape [3, 4] in the checkpoint, [5, 4] here"));
        Assert.That(widerEma.UpdateCount, Is.Zero);
    }

    [Test]
    public void OptimizerStateOfAnotherTypeIsRefused()
    {
        // Only Adam state is written now, but a checkpoint from an older build may hold another optimizer's state.
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        using var model = TinyModel.Create(seed: 1);
        using var adam = torch.optim.Adam(model.parameters());
        TinyModel.Step(model, adam, TinyModel.Inputs(), TinyModel.Targets());
        var path = dir.File("ckpt.safetensors");
        Checkpoint.Save(path, Contents(model, adam));
        using (var saved = SafeTensors.Read(path))
        {
            var metadata = saved.Metadata.ToDictionary(kv => kv.Key, kv => kv.Value);
            Assert.That(metadata["pipeline.optimizer"], Is.EqualTo("Adam"));
            metadata["pipeline.optimizer"] = "Sgd";
            SafeTensors.Write(path, saved.Tensors, metadata);
        }

        using var checkpoint = Checkpoint.Load(path, TinyModel.Kind);

        Assert.That(() => checkpoint.RestoreOptimizer(model, adam), Throws.TypeOf<CheckpointException>().With.Message.Contains("holds Sgd optimizer state, not Adam"));
    }

    [Test]
    public void ReservedMetadataAndInvalidConfigAreRefusedBeforeWriting()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
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
        using var scope = torch.NewDisposeScope();
        using var model = TinyModel.Create(seed: 1);
        using var adam = torch.optim.Adam(model.parameters(), lr: 0.01);
        TinyModel.Step(model, adam, TinyModel.Inputs(), TinyModel.Targets());
        Checkpoint.Save(dir.File("ckpt.safetensors"), Contents(model, adam));

        var metadata = SafeTensors.ReadMetadata(dir.File("ckpt.safetensors"));
        using var file = SafeTensors.Read(dir.File("ckpt.safetensors"));

        Assert.That(metadata["pipeline.format"], Is.EqualTo("1"));
        Assert.That(metadata["pipeline.kind"], Is.EqualTo(TinyModel.Kind));
        Assert.That(metadata["pipeline.config"], Is.EqualTo(TinyModel.ConfigJson));
        Assert.That(metadata["pipeline.step"], Is.EqualTo("2"));
        Assert.That(metadata["pipeline.optimizer"], Is.EqualTo("Adam"));
        Assert.That(metadata["pipeline.optimizer_step"], Is.EqualTo("1"));
        Assert.That(metadata["pipeline.learning_rate"], Is.EqualTo("0.01"));
        Assert.That(metadata["dataset"], Is.EqualTo("toy"));
        Assert.That(metadata.ContainsKey("pipeline.ema_updates"), Is.False);
        Assert.That(file.Tensors.Keys, Is.EqualTo(new[]
        {
            "model/hidden.weight", "model/hidden.bias", "model/output.weight", "model/output.bias",
            "optimizer/hidden.weight.exp_avg", "optimizer/hidden.weight.exp_avg_sq", "optimizer/hidden.weight.step",
            "optimizer/hidden.bias.exp_avg", "optimizer/hidden.bias.exp_avg_sq", "optimizer/hidden.bias.step",
            "optimizer/output.weight.exp_avg", "optimizer/output.weight.exp_avg_sq", "optimizer/output.weight.step",
            "optimizer/output.bias.exp_avg", "optimizer/output.bias.exp_avg_sq", "optimizer/output.bias.step",
        }));
        var step = file.Tensors["optimizer/hidden.weight.step"];
        Assert.That(step.dtype, Is.EqualTo(ScalarType.Int64));
        Assert.That(step.shape, Is.EqualTo(new long[] { 1 }));
        Assert.That(step.item<long>(), Is.EqualTo(1));
    }
}
