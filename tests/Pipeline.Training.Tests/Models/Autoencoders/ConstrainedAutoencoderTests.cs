using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Models.Autoencoders;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Tests.Models.Autoencoders;

public class ConstrainedAutoencoderTests
{
    private static ConstrainedAutoencoderConfig Small(double lambda) => new()
    {
        Network = new MlpAutoencoderConfig { HiddenSizes = new[] { 32 }, LatentSize = 8, Output = OutputActivation.Sigmoid },
        Lambda = lambda,
    };

    /// <summary>The gradient of <paramref name="loss"/> for every parameter, by name.</summary>
    private static Dictionary<string, Tensor> Gradients(nn.Module model, Tensor loss)
    {
        model.zero_grad();
        loss.backward();
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad?.clone() ?? zeros_like(p.parameter));
    }

    [TestCase(0.0)]
    [TestCase(0.3)]
    [TestCase(4.0)]
    public void DecoderLearnsFromL1HeadFromL2AndEncoderFromL1PlusLambdaL2(double lambda)
    {
        using var model = Seeded.Model(1, () => new ConstrainedAutoencoder(Small(lambda)));
        using var scope = NewDisposeScope();
        using var batch = new Batch(rand(new long[] { 6, 1, 28, 28 }, generator: Noise.Seeded(2)), tensor(new long[] { 0, 3, 9, 3, 1, 7 }, new long[] { 6 }), new int[6]);

        // L1 and L2 alone, computed from the model's parts.
        var t = F.one_hot(batch.Labels, 10).to(ScalarType.Float32);
        var l1 = F.mse_loss(model.Reconstruct(batch.Images), batch.Images);
        var fromL1 = Gradients(model, l1);
        var l2 = F.mse_loss(model.PredictClass(batch.Images), t);
        var fromL2 = Gradients(model, l2);
        var fromLoss = Gradients(model, model.Loss(batch, Noise.Seeded(3)).Total);

        foreach (var (name, gradient) in fromLoss)
        {
            var expected = name.StartsWith("decoder.", StringComparison.Ordinal) ? fromL1[name]
                : name.StartsWith("head.", StringComparison.Ordinal) ? fromL2[name]
                : fromL1[name] + fromL2[name] * lambda;
            Assert.That(gradient.allclose(expected, rtol: 1e-4, atol: 1e-7), Is.True, $"{name} (λ = {lambda})");
        }
        Assert.That(fromL2.Where(g => g.Key.StartsWith("decoder.", StringComparison.Ordinal)).All(g => g.Value.abs().sum().ToDouble() == 0), Is.True,
            "L2 does not reach the decoder");
    }

    [Test]
    public void ReportedLossIsL1PlusL2()
    {
        using var model = Seeded.Model(1, () => new ConstrainedAutoencoder(Small(2.5)));
        using var scope = NewDisposeScope();
        using var batch = new Batch(rand(new long[] { 4, 1, 28, 28 }, generator: Noise.Seeded(2)), tensor(new long[] { 1, 2, 3, 4 }, new long[] { 4 }), new int[4]);
        var terms = model.Loss(batch, Noise.Seeded(3));
        var parts = terms.Values().ToDictionary(p => p.Name, p => p.Value);
        Assert.That(terms.Total.ToDouble(), Is.EqualTo(parts["mse"] + parts["class"]).Within(1e-6));
    }

    [Test]
    public void HeadLearnsTheClassesWhenTheCodeIsShapedForIt()
    {
        var train = ModelData.Train.Take(6400);
        var test = ModelData.Test.Take(1000);
        double Accuracy(double lambda)
        {
            using var model = Seeded.Model(1, () => new ConstrainedAutoencoder(Small(lambda)));
            StepRunner.Train(model, train, steps: 200, batchSize: 64, learningRate: 2e-3);
            return ClassifierAccuracy.Evaluate(model, test, CPU);
        }
        var shaped = Accuracy(1.0);
        var unshaped = Accuracy(0.0);
        TestContext.Out.WriteLine($"head accuracy: λ = 1 {shaped:P1}, λ = 0 {unshaped:P1}");
        Assert.That(shaped, Is.GreaterThan(0.6));
        Assert.That(shaped, Is.GreaterThan(unshaped + 0.03));
    }
}
