using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Data;

public class DataLoaderTests
{
    [Test]
    public void BatchesHaveShapesAndDtypes()
    {
        var loader = new DataLoader(SyntheticImages.Indexed(10, 2, 3), batchSize: 4);
        Assert.That(loader.BatchCount, Is.EqualTo(3));
        var sizes = new List<long>();
        foreach (var batch in loader)
        {
            using (batch)
            {
                Assert.That(batch.Images.dtype, Is.EqualTo(ScalarType.Float32));
                Assert.That(batch.Labels.dtype, Is.EqualTo(ScalarType.Int64));
                Assert.That(batch.Images.shape, Is.EqualTo(new long[] { batch.Size, 1, 2, 3 }));
                Assert.That(batch.Labels.shape, Is.EqualTo(new long[] { batch.Size }));
                sizes.Add(batch.Size);
            }
        }
        Assert.That(sizes, Is.EqualTo(new long[] { 4, 4, 2 }));
    }

    [Test]
    public void ImagesAndLabelsMatchTheirIndices()
    {
        var loader = new DataLoader(SyntheticImages.Indexed(30), batchSize: 7, seed: 5);
        foreach (var batch in loader)
        {
            using (batch)
            {
                var images = batch.Images.data<float>().ToArray();
                var labels = batch.Labels.data<long>().ToArray();
                for (var i = 0; i < batch.Size; i++)
                {
                    Assert.That(images[i * 6], Is.EqualTo(batch.Indices[i] / 255f));
                    Assert.That(labels[i], Is.EqualTo(batch.Indices[i] % 10));
                }
            }
        }
    }

    [Test]
    public void EverySampleOnceAndEpochsDiffer()
    {
        var loader = new DataLoader(SyntheticImages.Indexed(100), batchSize: 16, seed: 3);
        var first = Order(loader);
        var second = Order(loader);
        Assert.That(first, Is.EquivalentTo(Enumerable.Range(0, 100)));
        Assert.That(second, Is.EquivalentTo(Enumerable.Range(0, 100)));
        Assert.That(second, Is.Not.EqualTo(first));
        Assert.That(first, Is.Not.EqualTo(Enumerable.Range(0, 100)));
        Assert.That(loader.Epoch, Is.EqualTo(2));
    }

    [Test]
    public void SameSeedGivesSameBatches()
    {
        var data = SyntheticImages.Indexed(50);
        var a = new DataLoader(data, 8, seed: 11);
        var b = new DataLoader(data, 8, seed: 11);
        var c = new DataLoader(data, 8, seed: 12);
        Assert.That(Order(a), Is.EqualTo(Order(b)));
        Assert.That(Order(a), Is.EqualTo(Order(b)));
        Assert.That(Order(c), Is.Not.EqualTo(a.EpochOrder(0)));
        using var x = a.First();
        using var y = b.First();
        Assert.That(x.Images.Equals(y.Images), Is.True);
        Assert.That(x.Labels.Equals(y.Labels), Is.True);
    }

    [Test]
    public void SettingTheEpochResumes()
    {
        var data = SyntheticImages.Indexed(40);
        var fresh = new DataLoader(data, 8, seed: 2);
        Order(fresh);
        Order(fresh);
        var third = Order(fresh);
        var resumed = new DataLoader(data, 8, seed: 2) { Epoch = 2 };
        Assert.That(Order(resumed), Is.EqualTo(third));
        Assert.That(resumed.Epoch, Is.EqualTo(3));
    }

    [Test]
    public void DropLastLeavesOutThePartialBatch()
    {
        var loader = new DataLoader(SyntheticImages.Indexed(10), batchSize: 4, dropLast: true);
        Assert.That(loader.BatchCount, Is.EqualTo(2));
        var order = Order(loader);
        Assert.That(order, Has.Count.EqualTo(8));
        Assert.That(order, Is.Unique);
        Assert.That(() => new DataLoader(SyntheticImages.Indexed(3), batchSize: 4, dropLast: true),
            Throws.ArgumentException.With.Message.Contains("lower the batch size"));
    }

    [Test]
    public void WithoutShuffleTheOrderIsSequential()
    {
        var loader = new DataLoader(SyntheticImages.Indexed(9), batchSize: 4, shuffle: false);
        Assert.That(Order(loader), Is.EqualTo(Enumerable.Range(0, 9)));
    }

    private static List<int> Order(DataLoader loader)
    {
        var order = new List<int>();
        foreach (var batch in loader)
        {
            using (batch) order.AddRange(batch.Indices);
        }
        return order;
    }

    [Test]
    public void ShardsOfEachBatchTogetherAreTheSingleProcessBatch()
    {
        var dataset = SyntheticImages.Indexed(23);
        var whole = new DataLoader(dataset, batchSize: 8, seed: 3) { Epoch = 2 };
        var shards = Enumerable.Range(0, 3).Select(r => new DataLoader(dataset, batchSize: 8, seed: 3, shard: new DataShard(r, 3)) { Epoch = 2 }).ToList();
        var expected = whole.Select(b => { using (b) return b.Indices.ToArray(); }).ToList();
        var parts = shards.Select(loader => loader.Select(b => { using (b) return b.Indices.ToArray(); }).ToList()).ToList();
        Assert.That(shards.Select(s => s.BatchCount), Is.All.EqualTo(3));
        for (var b = 0; b < expected.Count; b++)
            Assert.That(parts.SelectMany(p => p[b]), Is.EqualTo(expected[b]), $"batch {b}");
        Assert.That(parts.Select(p => p[2].Length), Is.EqualTo(new[] { 3, 2, 2 }), "the last batch of 7 shared 3, 2, 2");
        Assert.That(shards[0].GlobalBatchSize(2), Is.EqualTo(7));
    }

    [Test]
    public void ALastBatchSmallerThanTheRanksIsLeftOut()
    {
        // 17 = 2 × 8 + 1: one image cannot be shared by 2 ranks.
        var loader = new DataLoader(SyntheticImages.Indexed(17), batchSize: 8, shard: new DataShard(1, 2));
        Assert.That(loader.BatchCount, Is.EqualTo(2));
        Assert.That(new DataLoader(SyntheticImages.Indexed(17), batchSize: 8).BatchCount, Is.EqualTo(3));
        Assert.Throws<ArgumentException>(() => _ = new DataLoader(SyntheticImages.Indexed(17), batchSize: 1, shard: new DataShard(0, 2)));
    }
}
