using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Models.Variational;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Tests.Models.Variational;

public class ElboEvaluationTests
{
    [Test]
    public void BernoulliEvaluationUsesOneFixedBinarizationAndNoise()
    {
        using var model = Seeded.Model(1, () => new VaeMlp(new VaeMlpConfig()));
        var test = ModelData.Test.Take(300);
        var first = ElboEvaluation.Evaluate(model, test, CPU, batchSize: 128);
        var second = ElboEvaluation.Evaluate(model, test, CPU, batchSize: 128);
        Assert.That(second, Is.EqualTo(first), "the same numbers every time");

        // By hand: the same binarization (one generator over the unshuffled test set) and the same ε.
        using var binarization = Noise.Seeded(ElboEvaluation.BinarizationSeed);
        using var noise = Noise.Seeded(ElboEvaluation.NoiseSeed);
        model.eval();
        double total = 0;
        foreach (var batch in new DataLoader(test, 128, shuffle: false, transform: PixelTransform.DynamicBinarization, generator: binarization))
        {
            using var scope = NewDisposeScope();
            using var owned = batch;
            using var noGrad = no_grad();
            Assert.That(batch.Images.eq(0).logical_or(batch.Images.eq(1)).all().ToBoolean(), Is.True, "binary pixels");
            var terms = model.NegativeElbo(batch.Images, null, noise);
            total += (terms.ReconstructionNll + terms.Kl).sum().ToDouble();
        }
        Assert.That(first.NegativeElbo, Is.EqualTo(total / test.Count).Within(1e-3));
        Assert.That(first.NegativeElbo, Is.EqualTo(first.ReconstructionNll + first.Kl).Within(1e-6));
    }
}
