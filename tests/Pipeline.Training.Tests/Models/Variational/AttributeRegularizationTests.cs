using NUnit.Framework;
using Pipeline.Data.Attributes;
using Pipeline.Models;
using Pipeline.Models.Variational;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Variational;

/// <summary>The AR-VAE's regularization on hand-made batches, and the model around it.</summary>
public sealed class AttributeRegularizationTests
{
    private static double Loss(double[] z, double[] a, double delta) =>
        AttributeRegularization.Loss(tensor(z, float64), tensor(a, float64), delta).item<double>();

    [Test]
    public void TheLossIsTheMeanAbsoluteGapBetweenTanhOfTheLatentDistancesAndTheAttributesSigns()
    {
        // m = 2, z = (0, 0.1), a = (1, 2), δ = 10: the off-diagonal pairs give |tanh(∓1) − (∓1)| = 1 − tanh 1, the diagonal 0.
        Assert.That(Loss([0, 0.1], [1, 2], 10), Is.EqualTo(2 * (1 - Math.Tanh(1)) / 4).Within(1e-12));
    }

    [Test]
    public void ALatentDimensionOrderedAsTheAttributeCostsNothingAndOneOrderedBackwardsTheMost()
    {
        double[] a = [5, 7, 9, 11];
        Assert.That(Loss([0, 1, 2, 3], a, 100), Is.EqualTo(0).Within(1e-12));
        Assert.That(Loss([3, 2, 1, 0], a, 100), Is.EqualTo(2.0 * 12 / 16).Within(1e-12), "12 ordered pairs each |−1 − 1|, over 16");
        Assert.That(Loss([0, 0.01, 0.02, 0.03], a, 1), Is.GreaterThan(Loss([0, 1, 2, 3], a, 1)), "close codes are ordered only weakly");
    }

    [Test]
    public void TheModelNeedsTheTrainingSetsAttributesOfItsOwnKinds()
    {
        random.manual_seed(1);
        using var model = new ArVae(new ArVaeConfig { Vae = new VaeConvConfig { Channels = [4, 8], LatentSize = 4 }, Attributes = [ImageAttribute.Area, ImageAttribute.Slant] });
        var images = ModelData.Train.Take(64);
        using var noise = Pipeline.Randomness.Noise.Seeded(1);
        using var batch = new Pipeline.Data.DataLoader(images, 64, shuffle: false, transform: model.TrainingPixels).First();
        Assert.That(() => model.Loss(batch, noise), Throws.InvalidOperationException.With.Message.Contains("SetAttributes"));
        Assert.That(() => model.SetAttributes(AttributeTable.Measure(images, [ImageAttribute.Area])), Throws.ArgumentException.With.Message.Contains("regularizes Area, Slant"));
        model.SetAttributes(AttributeTable.Measure(images, [ImageAttribute.Area, ImageAttribute.Slant]));
        var terms = model.Loss(batch, noise);
        Assert.That(terms.Parts.Select(p => p.Name), Is.EqualTo(new[] { "nll", "kl", "ar" }));
        Assert.That(terms.Total.item<float>(), Is.EqualTo(terms.Values().Sum(p => p.Name == "ar" ? 10 * p.Value : p.Value)).Within(1e-2));
    }

    [Test]
    public void TrainingOrdersTheRegularizedDimensionsByTheirAttributes()
    {
        random.manual_seed(2);
        using var model = new ArVae(new ArVaeConfig { Vae = new VaeConvConfig { Channels = [8, 16], LatentSize = 4 }, Attributes = [ImageAttribute.Area, ImageAttribute.Height] });
        var images = ModelData.Train.Take(2000);
        model.SetAttributes(AttributeTable.Measure(images, model.Config.Attributes));
        var reports = new RecordingProgress();
        new ModelTrainer<ArVae>(model, new TrainingOptions { Epochs = 4, BatchSize = 100, LearningRate = 2e-3 }).Train(images, reports);
        double Ar(TrainingProgress p) => p.Parts.Single(part => part.Name == "ar").Value;
        TestContext.Out.WriteLine($"ar: {Ar(reports.Reports[0]):F3} → {Ar(reports.Reports[^1]):F3}");
        Assert.That(Ar(reports.Reports[^1]), Is.LessThan(0.5 * Ar(reports.Reports[0])));
    }
}
