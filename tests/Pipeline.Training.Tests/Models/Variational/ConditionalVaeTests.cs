using NUnit.Framework;
using Pipeline.Models.Variational;
using Pipeline.Tensors;

namespace Pipeline.Tests.Models.Variational;

public class ConditionalVaeTests
{
    [Test]
    public void RefusesToRunWithoutTheClass()
    {
        using var model = new ConditionalVae(new ConditionalVaeConfig());
        using var scope = DisposeScope.Enter();
        var error = Assert.Throws<ArgumentException>(() => model.Encode(Torch.Zeros(2, 1, 28, 28)));
        Assert.That(error!.Message, Does.Contain("one-hot class"));
    }

    [Test]
    public void GeneratesImagesOfTheClassItIsGiven()
    {
        using var model = new ConditionalVae(new ConditionalVaeConfig(), new Generator(1));
        var train = ModelData.Train.Take(12_800);
        StepRunner.Train(model, train, steps: 400, batchSize: 64, learningRate: 2e-3);
        model.Eval();

        using var scope = DisposeScope.Enter();
        using var noGrad = Torch.NoGrad();
        // The class means of the training images, [10, 784].
        var means = Enumerable.Range(0, 10).Select(c =>
        {
            var indices = Enumerable.Range(0, train.Count).Where(i => train.Label(i) == c).ToArray();
            return Tensor.From(train.Subset(indices).MeanImage(), 1, 784);
        }).ToArray();
        var classMeans = Torch.Cat(means, 0);

        // Decode the prior's mode z = 0, and z ~ N(0, ½²I) near it, with each class; match each image with the class
        // mean it correlates with best (correlation, not distance: a Bernoulli decoder's probabilities are fainter than mean intensities).
        var labels = Torch.Arange(10).Repeat(3);                                             // [30]
        var z = Torch.Randn(new long[] { 30, model.LatentSize }, new Generator(2)) * 0.5;
        z[0..10].Zero_();
        var images = model.Decode(z, model.Condition(labels)).Flatten(1);                  // [30, 784]
        var correlation = Standardize(images).MatMul(Standardize(classMeans).T);          // [30, 10]
        var matched = correlation.ArgMax(1).Eq(labels);
        var atMode = matched[0..10].Sum().ToInt64();
        var nearMode = matched.Sum().ToInt64();
        TestContext.Out.WriteLine($"best-correlated class mean is the given class: {atMode} of 10 at z = 0, {nearMode} of 30 overall");
        Assert.That(atMode, Is.GreaterThanOrEqualTo(5), "chance is 1 of 10");
        Assert.That(nearMode, Is.GreaterThanOrEqualTo(12), "chance is 3 of 30");

        // The same z decodes to clearly different images for different classes.
        var trouser = model.Decode(Torch.Zeros(1, model.LatentSize), model.Condition(Tensor.From(new[] { 1L }, 1)));
        var bag = model.Decode(Torch.Zeros(1, model.LatentSize), model.Condition(Tensor.From(new[] { 8L }, 1)));
        Assert.That((trouser - bag).Abs().Mean().ToDouble(), Is.GreaterThan(0.1));
    }

    /// <summary>Each row centred and scaled to unit norm, so products of rows are correlations.</summary>
    private static Tensor Standardize(Tensor rows)
    {
        var centred = rows - rows.Mean(1, keepDim: true);
        return centred / centred.Square().Sum(1, keepDim: true).Sqrt();
    }
}
