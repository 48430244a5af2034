using NUnit.Framework;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Randomness;

public class PortableMathTests
{
    [Test]
    public void LogAgreesWithMathLogToAFewUlps()
    {
        var random = new SeededRandom(5);
        double[] special = [1, 2, 0.5, Math.E, 1e-300, double.Epsilon, 1e300, 0.7071, 1.4142, 1 - 1e-12, 1 + 1e-12];
        var values = special.Concat(Enumerable.Range(0, 20_000).Select(_ => random.NextDouble() + 1e-9));

        foreach (var x in values)
        {
            var expected = Math.Log(x);
            var tolerance = 4 * Math.BitIncrement(Math.Abs(expected)) - 4 * Math.Abs(expected) + 1e-300;
            Assert.That(PortableMath.Log(x), Is.EqualTo(expected).Within(tolerance), $"log({x:R})");
        }
    }

    [Test]
    public void ExpAgreesWithMathExpToAFewUlps()
    {
        var random = new SeededRandom(7);
        double[] special = [0, 1, -1, 1e-12, -1e-12, 0.34657, -0.34657, 700, -700, -745];
        var values = special.Concat(Enumerable.Range(0, 20_000).Select(_ => (random.NextDouble() * 2 - 1) * 40));

        foreach (var x in values)
        {
            var expected = Math.Exp(x);
            var tolerance = 4 * Math.BitIncrement(expected) - 4 * expected + 1e-320;
            Assert.That(PortableMath.Exp(x), Is.EqualTo(expected).Within(tolerance), $"exp({x:R})");
        }
        Assert.That((PortableMath.Exp(-800), PortableMath.Exp(800), PortableMath.Exp(0)), Is.EqualTo((0.0, double.PositiveInfinity, 1.0)));
    }

    [Test]
    public void LogOfOneIsZeroAndOfPowersOfTwoIsExactEnough()
    {
        Assert.That(PortableMath.Log(1), Is.EqualTo(0.0));
        Assert.That(PortableMath.Log(1024), Is.EqualTo(10 * Math.Log(2)).Within(1e-14));
    }

    [Test]
    public void LogIsBitForBitTheSeriesOverIlogbAndScaleb()
    {
        // The original formulation (ILogB and ScaleB for the reduction), which every saved seed's normals were drawn with.
        static double Reference(double x)
        {
            var exponent = Math.ILogB(x);
            var mantissa = Math.ScaleB(x, -exponent);
            if (mantissa >= Math.Sqrt(2)) { mantissa *= 0.5; exponent++; }
            var s = (mantissa - 1) / (mantissa + 1);
            var series = 1.0 / 25;
            for (var k = 11; k >= 0; k--) series = 1.0 / (2 * k + 1) + s * s * series;
            return exponent * 0.6931471805599453094 + 2 * s * series;
        }
        var random = new Random(5);
        var values = Enumerable.Range(0, 20_000).Select(_ => random.NextDouble())
            .Concat([double.Epsilon, 1e-310, 1e-300, 0.5, 1, Math.Sqrt(2), 2, 1e300, double.MaxValue]).ToArray();

        foreach (var x in values) Assert.That(PortableMath.Log(x), Is.EqualTo(Reference(x)), $"log({x:R})");
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    public void LogRefusesWhatHasNoFiniteLogarithm(double x)
    {
        Assert.That(() => PortableMath.Log(x), Throws.TypeOf<ArgumentOutOfRangeException>());
    }
}
