using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Models.Adversarial;
using Pipeline.Randomness;
using Pipeline.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Adversarial;

/// <summary>The DCGAN players, the AC-GAN's classes, and two-player training through ModelTrainer.</summary>
public sealed class GanTests
{
    private static readonly GanConfig Small = new() { LatentSize = 8, Channels = 4 };

    [Test]
    public void AClassConditionalGanMapsCodesAndClassesToImagesAndScoresRealnessAndEachClass()
    {
        random.manual_seed(1);
        using var gan = new Gan(Small with { Classes = 10 });
        using var scope = NewDisposeScope();
        var images = gan.Generate(randn(3, 8), tensor(new long[] { 0, 4, 9 }));
        Assert.That(images.shape, Is.EqualTo(new long[] { 3, 1, 28, 28 }));
        Assert.That(images.abs().max().item<float>(), Is.LessThanOrEqualTo(1), "tanh: values in [−1, 1]");
        Assert.That(gan.Discriminator.call(images).shape, Is.EqualTo(new long[] { 3, 11 }), "one score and ten class logits");
        Assert.That(() => gan.Generate(randn(3, 8)), Throws.ArgumentException.With.Message.Contains("one label per z"));
        Assert.That(new Gan(Small with { Classes = 10 }).Config.Conditioning, Is.EqualTo(GanConditioning.Projection));
        Assert.That(gan.Phases.Select(p => (p.Name, p.Every)), Is.EqualTo(new[] { ("discriminator", 1), ("generator", 1) }));
    }

    [Test]
    public void TheProjectionDiscriminatorScoresRealnessGivenTheClassAndTheAcGanAddsTheClassLikelihood()
    {
        using var batch = new Batch(rand(6, 1, 28, 28) * 2 - 1, tensor(new long[] { 0, 1, 2, 3, 4, 5 }), [0, 1, 2, 3, 4, 5]);
        double DiscriminatorLoss(GanConditioning conditioning, double classWeight)
        {
            random.manual_seed(7);
            using var gan = new Gan(Small with { Classes = 10, Conditioning = conditioning, ClassWeight = classWeight });
            using var noise = Noise.Seeded(2);
            return gan.DiscriminatorLoss(batch, noise).Total.item<float>();
        }
        // With no class weight the AC-GAN's loss is that of s₀ alone; the projection adds s_y to s₀, so it differs.
        Assert.That(DiscriminatorLoss(GanConditioning.AuxiliaryClassifier, 0), Is.Not.EqualTo(DiscriminatorLoss(GanConditioning.Projection, 0)));
        Assert.That(DiscriminatorLoss(GanConditioning.AuxiliaryClassifier, 1), Is.GreaterThan(DiscriminatorLoss(GanConditioning.AuxiliaryClassifier, 0) + 1),
            "two cross-entropies over ten classes (about ln 10 each at the start) join the AC-GAN's loss");
    }

    [Test]
    public void ADiscriminatorStepLeavesTheGeneratorAloneAndAGeneratorStepTheDiscriminator()
    {
        random.manual_seed(2);
        using var gan = new Gan(Small);
        var phases = gan.Phases;
        using var noise = Noise.Seeded(1);
        using var batch = new Batch(rand(4, 1, 28, 28) * 2 - 1, zeros(4, ScalarType.Int64), [0, 1, 2, 3]);
        gan.zero_grad();
        phases[0].Loss(batch, noise).Total.backward();
        Assert.That(gan.Generator.parameters().All(p => p.grad is null || p.grad.abs().sum().item<float>() == 0), Is.True, "fake samples are detached");
        Assert.That(gan.Discriminator.parameters().Any(p => p.grad is not null && p.grad.abs().sum().item<float>() > 0), Is.True);
        gan.zero_grad();
        phases[1].Loss(batch, noise).Total.backward();
        Assert.That(gan.Generator.parameters().Any(p => p.grad is not null && p.grad.abs().sum().item<float>() > 0), Is.True);
    }

    [TestCase(AdversarialLoss.NonSaturating)]
    [TestCase(AdversarialLoss.Wasserstein)]
    public void AnInterruptedTwoPlayerRunResumesExactly(AdversarialLoss loss)
    {
        var config = Small with { Loss = loss, DiscriminatorSteps = 2 };
        Gan Build(long seed)
        {
            random.manual_seed(seed);
            return new Gan(config);
        }
        var train = ModelData.Train.Take(320);
        using var directory = new TempDirectory();
        var options = new TrainingOptions { Epochs = 2, BatchSize = 32, LearningRate = 2e-4, Beta1 = 0.5, CheckpointPath = directory.File("gan.safetensors") };

        using var straight = Build(3);
        new ModelTrainer<Gan>(straight, options with { CheckpointPath = null }).Train(train);

        using var interrupted = Build(3);
        new ModelTrainer<Gan>(interrupted, options with { MaxSteps = 13, CheckpointEvery = 5 }).Train(train);
        using (var checkpoint = Checkpoint.Load(options.CheckpointPath!, Gan.Kind))
        {
            Assert.That(checkpoint.Step, Is.EqualTo(13));
            Assert.That(checkpoint.OptimizerNames, Is.EquivalentTo(new[] { "discriminator", "generator" }));
            Assert.That(checkpoint.Metadata[TrainingMetadata.LossSeries], Is.EqualTo("[\"discriminator\",\"generator\"]"));
        }

        using var resumed = Build(99);
        var summary = new ModelTrainer<Gan>(resumed, options with { Resume = true }).Train(train);
        Assert.That(summary.Steps, Is.EqualTo(20));
        foreach (var (name, value) in straight.state_dict())
            Assert.That(resumed.state_dict()[name].allclose(value, rtol: 0, atol: 1e-6), Is.True, name);
    }

    [Test]
    public void AReportBeforeTheGeneratorsFirstStepShowsOnlyThePlayersThatHaveRun()
    {
        random.manual_seed(5);
        using var gan = new Gan(Small with { DiscriminatorSteps = 30 });
        var reports = new RecordingProgress();
        new ModelTrainer<Gan>(gan, new TrainingOptions { Epochs = 1, BatchSize = 10, MaxSteps = 20 }).Train(ModelData.Train.Take(500), reports);
        Assert.That(reports.Reports.Single().Parts.Select(p => p.Name), Is.EqualTo(new[] { "discriminator", AdversarialParts.RealScore, AdversarialParts.FakeScore }),
            "the generator, due at step 30, has not run: no NaN in its place, and no divergence");
    }

    [Test]
    public void ProgressReportsShowBothPlayersAndTheHistoryKeepsBothLosses()
    {
        random.manual_seed(4);
        using var gan = new Gan(Small with { DiscriminatorSteps = 3 });
        var reports = new RecordingProgress();
        using var directory = new TempDirectory();
        new ModelTrainer<Gan>(gan, new TrainingOptions { Epochs = 1, BatchSize = 16, MaxSteps = 40, CheckpointPath = directory.File("g.safetensors") })
            .Train(ModelData.Train.Take(640), reports);
        var last = reports.Reports[^1];
        Assert.That(last.Parts.Select(p => p.Name), Is.EqualTo(new[] { "discriminator", AdversarialParts.RealScore, AdversarialParts.FakeScore, "generator" }));
        Assert.That(last.Parts.Select(p => p.Value), Has.All.Matches<double>(double.IsFinite));
        using var checkpoint = Checkpoint.Load(directory.File("g.safetensors"), Gan.Kind);
        var history = System.Text.Json.JsonSerializer.Deserialize<double[][]>(checkpoint.Metadata[TrainingMetadata.LossHistory])!;
        Assert.That(history.Select(row => row.Length), Has.All.EqualTo(3), "[step, discriminator, generator]");
    }
}
