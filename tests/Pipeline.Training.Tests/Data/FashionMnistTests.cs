using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Data;

namespace Pipeline.Tests.Data;

public class FashionMnistTests
{
    private static ImageDataset Train => Pipeline.Tests.Models.ModelData.Train;   // loaded once for the assembly

    private static ImageDataset Test => Pipeline.Tests.Models.ModelData.Test;

    private static string RealFile(string name) => Path.Combine(FashionMnist.DefaultDirectory, name);

    [Test]
    public void SplitsHaveTheKnownSizes()
    {
        Assert.That(Train.Count, Is.EqualTo(60000));
        Assert.That(Test.Count, Is.EqualTo(10000));
        Assert.That(Train.Height, Is.EqualTo(28));
        Assert.That(Train.Width, Is.EqualTo(28));
        Assert.That(Train.Pixels.Length, Is.EqualTo(60000 * 784));
        Assert.That(Train.ClassNames, Is.EqualTo(new[]
        {
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
        }));
        Assert.That(Test.Name, Is.EqualTo("fashion-mnist-test"));
    }

    [Test]
    public void EveryClassHasItsShare()
    {
        Assert.That(ClassCounts(Train), Is.All.EqualTo(6000));
        Assert.That(ClassCounts(Test), Is.All.EqualTo(1000));
    }

    [Test]
    public void MeanPixelMatchesThePublishedValue()
    {
        // The training set's mean intensity is 72.94 / 255 = 0.2860.
        var mean = Train.MeanImage().Average();
        Assert.That(mean, Is.EqualTo(72.94 / 255).Within(0.001));
        Assert.That(Train.Pixels.ToArray().Max(), Is.EqualTo(255));
    }

    [Test]
    public void MissingDirectorySaysToRunMakeSetup()
    {
        Assert.That(() => FashionMnist.Load(FashionMnistSplit.Test, "/nonexistent/fashion-mnist"),
            Throws.TypeOf<DatasetException>().With.Message.Contains("make setup").And.Message.Contains("/nonexistent/fashion-mnist"));
    }

    [Test]
    public void MissingFileIsNamed()
    {
        using var temp = new TempDirectory();
        Assert.That(() => FashionMnist.Load(FashionMnistSplit.Test, temp.Path),
            Throws.TypeOf<DatasetException>().With.Message.Contains("t10k-images-idx3-ubyte.gz").And.Message.Contains("make setup"));
    }

    [Test]
    public void CutGzipFileIsRejected()
    {
        using var temp = new TempDirectory();
        foreach (var name in new[] { "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
        {
            var bytes = File.ReadAllBytes(RealFile(name));
            File.WriteAllBytes(temp.File(name), name.Contains("images") ? bytes[..(bytes.Length / 2)] : bytes);
        }
        Assert.That(() => FashionMnist.Load(FashionMnistSplit.Test, temp.Path),
            Throws.TypeOf<DatasetException>().With.Message.Contains("t10k-images-idx3-ubyte.gz").And.Message.Contains("make setup"));
    }

    [Test]
    public void GzipOfTruncatedPayloadIsRejected()
    {
        using var temp = new TempDirectory();
        var images = IdxFiles.Gunzip(RealFile("t10k-images-idx3-ubyte.gz"));
        var labels = IdxFiles.Gunzip(RealFile("t10k-labels-idx1-ubyte.gz"));
        IdxFiles.WritePair(temp.Path, "t10k", images, labels[..(labels.Length / 2)]);
        Assert.That(() => FashionMnist.Load(FashionMnistSplit.Test, temp.Path),
            Throws.TypeOf<DatasetException>().With.Message.Contains("truncated").And.Message.Contains("t10k-labels-idx1-ubyte.gz"));
    }

    [Test]
    public void WrongMagicIsRejected()
    {
        using var temp = new TempDirectory();
        IdxFiles.WritePair(temp.Path, "t10k", IdxFiles.Images(1, 2, 2, new byte[4], magic: 2049), IdxFiles.Labels(1, new byte[1]));
        Assert.That(() => FashionMnist.Load(FashionMnistSplit.Test, temp.Path),
            Throws.TypeOf<DatasetException>().With.Message.Contains("magic number 2049").And.Message.Contains("make setup"));
    }

    [Test]
    public void ImageLabelCountMismatchIsRejected()
    {
        using var temp = new TempDirectory();
        IdxFiles.WritePair(temp.Path, "train", IdxFiles.Images(2, 2, 2, new byte[8]), IdxFiles.Labels(3, new byte[3]));
        Assert.That(() => FashionMnist.Load(FashionMnistSplit.Train, temp.Path),
            Throws.TypeOf<DatasetException>().With.Message.Contains("3 labels").And.Message.Contains("2 images"));
    }

    [Test]
    public void LabelOutsideTheClassesIsRejected()
    {
        using var temp = new TempDirectory();
        IdxFiles.WritePair(temp.Path, "train", IdxFiles.Images(1, 2, 2, new byte[4]), IdxFiles.Labels(1, new byte[] { 10 }));
        Assert.That(() => FashionMnist.Load(FashionMnistSplit.Train, temp.Path),
            Throws.TypeOf<DatasetException>().With.Message.Contains("label 10"));
    }

    [Test]
    public void EnvironmentVariableOverridesTheDefaultFolder()
    {
        using var temp = new TempDirectory();
        IdxFiles.WritePair(temp.Path, "t10k", IdxFiles.Images(2, 1, 3, new byte[] { 1, 2, 3, 4, 5, 6 }), IdxFiles.Labels(2, new byte[] { 7, 9 }));
        var previous = Environment.GetEnvironmentVariable(FashionMnist.DirectoryVariable);
        Environment.SetEnvironmentVariable(FashionMnist.DirectoryVariable, temp.Path);
        try
        {
            var data = FashionMnist.Load(FashionMnistSplit.Test);
            Assert.That(data.Count, Is.EqualTo(2));
            Assert.That(data.Image(1).ToArray(), Is.EqualTo(new byte[] { 4, 5, 6 }));
            Assert.That(data.Label(1), Is.EqualTo(9));
        }
        finally
        {
            Environment.SetEnvironmentVariable(FashionMnist.DirectoryVariable, previous);
        }
    }

    private static int[] ClassCounts(ImageDataset data)
    {
        var counts = new int[data.ClassCount];
        foreach (var label in data.Labels.Span) counts[label]++;
        return counts;
    }
}
