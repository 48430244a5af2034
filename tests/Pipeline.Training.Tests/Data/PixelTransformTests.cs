using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Data;

public class PixelTransformTests
{
    private static readonly byte[] Pixels = SyntheticImages.Random(50, 16, 16, seed: 1).Pixels.ToArray();
    private static readonly long[] Shape = { 50, 1, 16, 16 };

    [Test]
    public void ZeroOneScalesToTheUnitInterval()
    {
        var values = Apply(PixelTransform.ZeroOne);
        Assert.That(values, Is.All.InRange(0f, 1f));
        Assert.That(values.Min(), Is.EqualTo(0f));
        Assert.That(values.Max(), Is.EqualTo(1f));
        Assert.That(values[7], Is.EqualTo(Pixels[7] / 255f));
    }

    [Test]
    public void MinusOneOneScalesToTheSymmetricInterval()
    {
        var values = Apply(PixelTransform.MinusOneOne);
        Assert.That(values, Is.All.InRange(-1f, 1f));
        Assert.That(values.Min(), Is.EqualTo(-1f));
        Assert.That(values.Max(), Is.EqualTo(1f));
        Assert.That(values[3], Is.EqualTo(Pixels[3] / 127.5f - 1f).Within(1e-6f));
    }

    [Test]
    public void BinarizationGivesZerosAndOnesAtTheMeanIntensity()
    {
        using var generator = Noise.Seeded(4);
        var values = Apply(PixelTransform.DynamicBinarization, generator);
        Assert.That(values, Is.All.EqualTo(0f).Or.EqualTo(1f));
        var intensity = Pixels.Average(p => p / 255.0);
        Assert.That(values.Average(v => (double)v), Is.EqualTo(intensity).Within(0.01));
        for (var i = 0; i < Pixels.Length; i++)
        {
            if (Pixels[i] == 0) Assert.That(values[i], Is.EqualTo(0f));
            if (Pixels[i] == 255) Assert.That(values[i], Is.EqualTo(1f));
        }
    }

    [Test]
    public void DequantizationStaysInsideEachPixelsBin()
    {
        using var generator = Noise.Seeded(5);
        var values = Apply(PixelTransform.UniformDequantization, generator);
        for (var i = 0; i < Pixels.Length; i++)
        {
            Assert.That(values[i], Is.GreaterThanOrEqualTo(Pixels[i] / 256f));
            Assert.That(values[i], Is.LessThan((Pixels[i] + 1) / 256f));
        }
        var offsets = values.Select((v, i) => v * 256.0 - Pixels[i]).ToArray();
        Assert.That(offsets.Average(), Is.EqualTo(0.5).Within(0.02));
    }

    [Test]
    public void DequantizationNeverReachesTheUpperEdge()
    {
        // u just below 1 would round (x + u)/256 up to (x + 1)/256 in float32 for large x.
        var pixels = Enumerable.Repeat((byte)254, 400_000).ToArray();
        using var generator = Noise.Seeded(6);
        using var t = PixelTransforms.Apply(PixelTransform.UniformDequantization, pixels, new long[] { pixels.Length }, generator);
        Assert.That(t.data<float>().ToArray(), Is.All.LessThan(255f / 256f));
    }

    [Test]
    public void RandomTransformsDrawAnewEachEpoch()
    {
        var data = SyntheticImages.Random(20, 8, 8, seed: 2);
        var loader = new DataLoader(data, batchSize: 20, shuffle: false, seed: 9, transform: PixelTransform.DynamicBinarization);
        using var first = loader.First();
        using var second = loader.First();
        Assert.That(first.Images.Equals(second.Images), Is.False);
        var again = new DataLoader(data, batchSize: 20, shuffle: false, seed: 9, transform: PixelTransform.DynamicBinarization);
        using var repeat = again.First();
        Assert.That(repeat.Images.Equals(first.Images), Is.True);
    }

    [Test]
    public void TransformsAreFlaggedRandomOrNot()
    {
        Assert.That(PixelTransform.ZeroOne.IsRandom(), Is.False);
        Assert.That(PixelTransform.MinusOneOne.IsRandom(), Is.False);
        Assert.That(PixelTransform.DynamicBinarization.IsRandom(), Is.True);
        Assert.That(PixelTransform.UniformDequantization.IsRandom(), Is.True);
    }

    private static float[] Apply(PixelTransform transform, Generator? generator = null)
    {
        using var t = PixelTransforms.Apply(transform, Pixels, Shape, generator, new float[Pixels.Length + 3]);
        Assert.That(t.shape, Is.EqualTo(Shape));
        Assert.That(t.dtype, Is.EqualTo(ScalarType.Float32));
        return t.data<float>().ToArray();
    }
}
