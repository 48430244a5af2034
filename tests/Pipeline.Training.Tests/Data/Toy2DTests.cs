using NUnit.Framework;
using Pipeline.Data;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Data;

public class Toy2DTests
{
    private const int N = 4000;

    private static float[] Points(Func<Generator, Tensor> make, long seed)
    {
        using var generator = Noise.Seeded(seed);
        using var t = make(generator);
        Assert.That(t.shape, Is.EqualTo(new long[] { N, 2 }));
        Assert.That(t.dtype, Is.EqualTo(ScalarType.Float32));
        return t.data<float>().ToArray();
    }

    private static readonly Func<Generator, Tensor>[] Makers =
    {
        g => Toy2D.TwoMoons(N, 0.1, g),
        g => Toy2D.EightGaussians(N, 0.1, 2.0, g),
        g => Toy2D.Checkerboard(N, g),
    };

    [Test]
    public void SameSeedSamePoints([Range(0, 2)] int which)
    {
        var a = Points(Makers[which], 7);
        var b = Points(Makers[which], 7);
        var c = Points(Makers[which], 8);
        Assert.That(a, Is.EqualTo(b));
        Assert.That(a, Is.Not.EqualTo(c));
    }

    [Test]
    public void NoiselessMoonsLieOnTheirHalfCircles()
    {
        var p = Points(g => Toy2D.TwoMoons(N, 0, g), 1);
        var upper = 0;
        for (var i = 0; i < N; i++)
        {
            double x = p[2 * i], y = p[2 * i + 1];
            var onUpper = Math.Abs(Math.Sqrt(x * x + y * y) - 1) < 1e-4 && y >= -1e-6;
            var onLower = Math.Abs(Math.Sqrt((x - 1) * (x - 1) + (y - 0.5) * (y - 0.5)) - 1) < 1e-4 && y <= 0.5 + 1e-6;
            Assert.That(onUpper || onLower, Is.True, $"point ({x}, {y}) is on neither moon");
            if (onUpper) upper++;
        }
        Assert.That(upper / (double)N, Is.EqualTo(0.5).Within(0.05));
    }

    [Test]
    public void EightGaussiansSitNearTheirCentres()
    {
        var p = Points(g => Toy2D.EightGaussians(N, 0.05, 3.0, g), 2);
        var used = new HashSet<int>();
        for (var i = 0; i < N; i++)
        {
            double x = p[2 * i], y = p[2 * i + 1];
            Assert.That(Math.Sqrt(x * x + y * y), Is.EqualTo(3.0).Within(0.35));
            var k = (int)Math.Round(Math.Atan2(y, x) / (Math.PI / 4));
            var cx = 3 * Math.Cos(k * Math.PI / 4);
            var cy = 3 * Math.Sin(k * Math.PI / 4);
            Assert.That(Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy)), Is.LessThan(0.35));
            used.Add((k + 8) % 8);
        }
        Assert.That(used, Has.Count.EqualTo(8));
    }

    [Test]
    public void CheckerboardPointsFallOnBlackSquares()
    {
        var p = Points(g => Toy2D.Checkerboard(N, g), 3);
        var squares = new int[4, 4];
        for (var i = 0; i < N; i++)
        {
            double x = p[2 * i], y = p[2 * i + 1];
            Assert.That(x, Is.InRange(-2.0, 2.0));
            Assert.That(y, Is.InRange(-2.0, 2.0));
            var (column, row) = ((int)Math.Floor(x) + 2, (int)Math.Floor(y) + 2);
            Assert.That((column + row) % 2, Is.EqualTo(0), $"point ({x}, {y}) is on a white square");
            squares[column, row]++;
        }
        var black = Enumerable.Range(0, 16).Where(s => (s / 4 + s % 4) % 2 == 0).Select(s => squares[s / 4, s % 4]);
        Assert.That(black, Is.All.InRange(N / 8 * 0.8, N / 8 * 1.2));
    }

    [Test]
    public void InvalidArgumentsAreRejected()
    {
        Assert.That(() => Toy2D.TwoMoons(0), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(() => Toy2D.EightGaussians(10, std: -1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
