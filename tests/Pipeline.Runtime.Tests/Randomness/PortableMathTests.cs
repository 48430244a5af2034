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
    public void LogOfOneIsZeroAndOfPowersOfTwoIsExactEnough()
    {
        Assert.That(PortableMath.Log(1), Is.EqualTo(0.0));
        Assert.That(PortableMath.Log(1024), Is.EqualTo(10 * Math.Log(2)).Within(1e-14));
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
