using NUnit.Framework;
using Pipeline.Models.Variational;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Tests.Models.Variational;

public class ConditionalVaeTests
{
    [Test]
    public void RefusesToRunWithoutTheClass()
    {
        using var model = new ConditionalVae(new ConditionalVaeConfig());
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => model.Encode(zeros(2, 1, 28, 28)));
        Assert.That(error!.Message, Does.Contain("one-hot class"));
    }

    [Test]
    public void GeneratesImagesOfTheClassItIsGiven()
    {
        using var model = Seeded.Model(1, () => new ConditionalVae(new ConditionalVaeConfig()));
        var train = ModelData.Train.Take(12_800);
        StepRunner.Train(model, train, steps: 400, batchSize: 64, learningRate: 2e-3);
        model.eval();

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // The class means of the training images, [10, 784].
        var means = Enumerable.Range(0, 10).Select(c =>
        {
            var indices = Enumerable.Range(0, train.Count).Where(i => train.Label(i) == c).ToArray();
            return tensor(train.Subset(indices).MeanImage(), new long[] { 1, 784 });
        }).ToArray();
        var classMeans = cat(means, 0);

        // Decode the prior's mode z = 0, and z ~ N(0, ½²I) near it, with each class; match each image with the class
        // mean it correlates with best (correlation, not distance: a Bernoulli decoder's probabilities are fainter than mean intensities).
        var labels = arange(10).repeat(3);                                             // [30]
        var z = randn(new long[] { 30, model.LatentSize }, generator: Noise.Seeded(2)) * 0.5;
        z[0..10].zero_();
        var images = model.Decode(z, model.Condition(labels)).flatten(1);                  // [30, 784]
        var correlation = Standardize(images).matmul(Standardize(classMeans).T);          // [30, 10]
        var matched = correlation.argmax(1).eq(labels);
        var atMode = matched[0..10].sum().ToInt64();
        var nearMode = matched.sum().ToInt64();
        TestContext.Out.WriteLine($"best-correlated class mean is the given class: {atMode} of 10 at z = 0, {nearMode} of 30 overall");
        Assert.That(atMode, Is.GreaterThanOrEqualTo(5), "chance is 1 of 10");
        Assert.That(nearMode, Is.GreaterThanOrEqualTo(12), "chance is 3 of 30");

        // The same z decodes to clearly different images for different classes.
        var trouser = model.Decode(zeros(1, model.LatentSize), model.Condition(tensor(new[] { 1L }, new long[] { 1 })));
        var bag = model.Decode(zeros(1, model.LatentSize), model.Condition(tensor(new[] { 8L }, new long[] { 1 })));
        Assert.That((trouser - bag).abs().mean().ToDouble(), Is.GreaterThan(0.1));
    }

    /// <summary>Each row centred and scaled to unit norm, so products of rows are correlations.</summary>
    private static Tensor Standardize(Tensor rows)
    {
        var centred = rows - rows.mean(new long[] { 1 }, keepdim: true);
        return centred / centred.square().sum(1, keepdim: true).sqrt();
    }
}
