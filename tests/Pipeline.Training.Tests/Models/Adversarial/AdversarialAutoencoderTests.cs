using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Models.Adversarial;
using Pipeline.Models.Autoencoders;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Adversarial;

/// <summary>The adversarial autoencoder's phases and priors.</summary>
public sealed class AdversarialAutoencoderTests
{
    private static readonly AdversarialAutoencoderConfig Small = new()
    {
        Network = new ConvAutoencoderConfig { Channels = [4, 8], LatentSize = 4 }, DiscriminatorHidden = 32,
    };

    [Test]
    public void ItRunsThePapersThreePhasesAndTheGeneratorPhaseMovesOnlyTheEncoder()
    {
        random.manual_seed(1);
        using var aae = new AdversarialAutoencoder(Small);
        var phases = aae.Phases;
        Assert.That(phases.Select(p => p.Name), Is.EqualTo(new[] { "reconstruction", "discriminator", "generator" }));
        Assert.That(phases[2].Module.parameters().Count(), Is.EqualTo(aae.Encoder.parameters().Count()));
        Assert.That(phases[0].Module.parameters().Count(), Is.EqualTo(aae.Encoder.parameters().Count() + aae.Decoder.parameters().Count()));
    }

    [Test]
    public void TheMixturePriorDrawsEachClassAroundItsOwnMeanOnTheCircle()
    {
        var means = GaussianMixturePrior.Means(10, 4, 4);
        Assert.That(means[..4], Is.EqualTo(new[] { 4.0, 0, 0, 0 }).Within(1e-12));
        Assert.That(means[(5 * 4)..(5 * 4 + 2)], Is.EqualTo(new[] { -4.0, 0 }).Within(1e-12), "class 5 is half way round");
        random.manual_seed(2);
        using var aae = new AdversarialAutoencoder(Small with { Prior = LatentPriorKind.GaussianMixture, ComponentStd = 0.5 });
        using var scope = NewDisposeScope();
        using var noise = Noise.Seeded(3);
        var z = aae.SamplePrior(full(4000, 5L), noise);
        Assert.That(z.mean([0]).data<float>().ToArray(), Is.EqualTo(new[] { -4f, 0, 0, 0 }).Within(0.05));
        Assert.That(z.std(0).data<float>().ToArray(), Has.All.EqualTo(0.5f).Within(0.03));
        Assert.That(aae.ClassCount, Is.EqualTo(10));
        Assert.That(aae.ComponentMeans, Is.EqualTo(means));
    }

    [Test]
    public void TrainingReconstructsAndPullsTheCodesTowardsThePrior()
    {
        random.manual_seed(4);
        using var aae = new AdversarialAutoencoder(Small);
        var reports = new RecordingProgress();
        new ModelTrainer<AdversarialAutoencoder>(aae, new TrainingOptions { Epochs = 1, BatchSize = 32, LearningRate = 2e-3, Beta1 = 0.5, MaxSteps = 200 })
            .Train(ModelData.Train.Take(6400), reports);
        double Part(TrainingProgress p, string name) => p.Parts.First(part => part.Name == name).Value;
        Assert.That(Part(reports.Reports[^1], "reconstruction"), Is.LessThan(Part(reports.Reports[0], "reconstruction") - 0.05));
        using var scope = NewDisposeScope();
        aae.eval();
        using var noGrad = no_grad();
        var loader = new DataLoader(ModelData.Test.Take(1000), 1000, shuffle: false, transform: PixelTransform.ZeroOne);
        using var batch = loader.First();
        var codes = aae.Encoder.call(batch.Images);
        TestContext.Out.WriteLine($"codes: mean {string.Join(", ", codes.mean([0]).data<float>().ToArray())}; std {string.Join(", ", codes.std(0).data<float>().ToArray())}");
        Assert.That(codes.mean([0]).abs().max().item<float>(), Is.LessThan(0.75), "each dimension's mean is near the prior's 0");
        Assert.That(codes.std(0).data<float>().ToArray(), Has.All.InRange(0.4f, 2f), "and its spread near the prior's 1");
    }
}
