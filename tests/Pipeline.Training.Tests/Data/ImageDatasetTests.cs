using NUnit.Framework;
using Pipeline.Data;

namespace Pipeline.Tests.Data;

public class ImageDatasetTests
{
    [Test]
    public void TakeAndSubsetCopyTheChosenImages()
    {
        var data = SyntheticImages.Indexed(20);
        var first = data.Take(5);
        Assert.That(first.Count, Is.EqualTo(5));
        Assert.That(first.Image(4).ToArray(), Is.All.EqualTo(4));
        var subset = data.Subset(new[] { 13, 2, 13 });
        Assert.That(subset.Count, Is.EqualTo(3));
        Assert.That(subset.Image(0).ToArray(), Is.All.EqualTo(13));
        Assert.That(subset.Image(1).ToArray(), Is.All.EqualTo(2));
        Assert.That(subset.Label(2), Is.EqualTo(3));
        Assert.That(subset.ClassNames, Is.EqualTo(data.ClassNames));
        Assert.That(() => data.Subset(new[] { 20 }), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => data.Take(21), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void MeanImageAveragesEachPixel()
    {
        var pixels = new byte[] { 0, 255, 51, 102, 0, 0 };
        var data = new ImageDataset("tiny", pixels, new byte[] { 0, 1 }, 1, 3, new[] { "a", "b" });
        Assert.That(data.MeanImage(), Is.EqualTo(new[] { 0.2f, 0.5f, 0.1f }).Within(1e-6f));
    }

    [Test]
    public void InconsistentArraysAreRejected()
    {
        Assert.That(() => new ImageDataset("bad", new byte[5], new byte[1], 2, 2, new[] { "a" }),
            Throws.ArgumentException.With.Message.Contains("5 pixel bytes"));
        Assert.That(() => new ImageDataset("bad", new byte[4], new byte[] { 2 }, 2, 2, new[] { "a", "b" }),
            Throws.ArgumentException.With.Message.Contains("label 2"));
    }
}
