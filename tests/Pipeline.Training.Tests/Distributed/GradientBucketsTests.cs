using NUnit.Framework;
using Pipeline.Distributed;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Tests.Distributed;

public class GradientBucketsTests
{
    [Test]
    public void ParametersArePackedInOrderIntoBucketsOfAtMostTheCap()
    {
        var parameters = new long[] { 10, 20, 30, 5, 4 }.Select(n => new Parameter(zeros(n))).ToList();
        ThreadGroup.Run(1, group =>
        {
            using var buckets = new GradientBuckets(parameters, group, bucketBytes: 25 * sizeof(float));
            // 30 floats exceed the cap and get a bucket of their own; 5 + 4 share one.
            Assert.That(buckets.BucketSizes, Is.EqualTo(new long[] { 10, 20, 30, 9 }));
            Assert.That(buckets.BucketParameters.SelectMany(b => b), Is.EqualTo(parameters));
            using var one = new GradientBuckets(parameters, group);
            Assert.That(one.BucketSizes, Is.EqualTo(new long[] { 69 }), "25 MiB by default: a small model makes one call per step");
        });
    }

    [Test]
    public void EveryRankEndsWithTheSumOfTheGradientsAndUnusedParametersKeepNone()
    {
        ThreadGroup.Run(2, group =>
        {
            var weights = new Parameter(ones(3, 4));
            var bias = new Parameter(ones(4));
            var unused = new Parameter(ones(2));
            // rank r's loss (r + 1)·Σ w x gives the gradient (r + 1)·x for every row of w, and nothing to the bias or the unused one.
            using var x = arange(4, dtype: ScalarType.Float32);
            ((group.Rank + 1) * (weights * x).sum() + 0 * bias.sum()).backward();
            using var buckets = new GradientBuckets([weights, bias, unused], group, bucketBytes: 8 * sizeof(float));
            buckets.AllReduce();
            Assert.That(weights.grad!.data<float>().ToArray(), Is.EqualTo(Enumerable.Repeat(new float[] { 0, 3, 6, 9 }, 3).SelectMany(r => r)));
            Assert.That(bias.grad!.data<float>().ToArray(), Is.EqualTo(new float[4]));
            Assert.That(unused.grad, Is.Null);
            Assert.That(buckets.Stats.Calls, Is.EqualTo(2), "12 floats, then 4 + 2 within the cap of 8");
            Assert.That(buckets.Stats.Bytes, Is.EqualTo(18 * sizeof(float)));
        });
    }
}
