using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Models.Variational;
using Pipeline.Tensors;

namespace Pipeline.Tests.Models.Variational;

public class ElboEvaluationTests
{
    [Test]
    public void BernoulliEvaluationUsesOneFixedBinarizationAndNoise()
    {
        using var model = new VaeMlp(new VaeMlpConfig(), new Generator(1));
        var test = ModelData.Test.Take(300);
        var first = ElboEvaluation.Evaluate(model, test, Device.Cpu, batchSize: 128);
        var second = ElboEvaluation.Evaluate(model, test, Device.Cpu, batchSize: 128);
        Assert.That(second, Is.EqualTo(first), "the same numbers every time");

        // By hand: the same binarization (one generator over the unshuffled test set) and the same ε.
        using var binarization = new Generator(ElboEvaluation.BinarizationSeed);
        using var noise = new Generator(ElboEvaluation.NoiseSeed);
        model.Eval();
        double total = 0;
        foreach (var batch in new DataLoader(test, 128, shuffle: false, transform: PixelTransform.DynamicBinarization, generator: binarization))
        {
            using var scope = DisposeScope.Enter();
            using var owned = batch;
            using var noGrad = Torch.NoGrad();
            Assert.That(batch.Images.Eq(0).LogicalOr(batch.Images.Eq(1)).All().ToBoolean(), Is.True, "binary pixels");
            var terms = model.NegativeElbo(batch.Images, null, noise);
            total += (terms.ReconstructionNll + terms.Kl).Sum().ToDouble();
        }
        Assert.That(first.NegativeElbo, Is.EqualTo(total / test.Count).Within(1e-3));
        Assert.That(first.NegativeElbo, Is.EqualTo(first.ReconstructionNll + first.Kl).Within(1e-6));
    }
}
