using NUnit.Framework;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Randomness;

public class PortableMathVectorsTests
{
    [Test]
    public void VectorExponentialsAreTheScalarOnesBitForBit()
    {
        var random = new SeededRandom(7);
        var x = Enumerable.Range(0, 20_000).Select(i => i % 4 == 0 ? random.NextDouble() * 1460 - 750 : random.NextDouble() * 40 - 30).ToArray();
        double[] special = [0, -0.0, 1, -708, -708.0001, 709, 709.0001, -746, -745.9, 710.5, double.NaN, double.NegativeInfinity, double.PositiveInfinity, 0.5 * PortableMath.Ln2, -1.5 * PortableMath.Ln2];
        // Each among random values, in a vector of its own at every width (31 apart), so the vectors' range checks meet them.
        for (var j = 0; j < special.Length; j++) x[31 * j + 3] = special[j];
        var (chosen, native, wide) = (new double[x.Length], new double[x.Length], new double[x.Length]);
        PortableMathVectors.Exp(x, chosen);
        PortableMathVectors.Exp<VectorLanes>(x, native);
        PortableMathVectors.Exp<Vector512Lanes>(x, wide);
        for (var i = 0; i < x.Length; i++)
        {
            var expected = BitConverter.DoubleToInt64Bits(PortableMath.Exp(x[i]));
            Assert.That(BitConverter.DoubleToInt64Bits(chosen[i]), Is.EqualTo(expected), $"exp({x[i]:R})");
            Assert.That(BitConverter.DoubleToInt64Bits(native[i]), Is.EqualTo(expected), $"exp({x[i]:R}) on Vector<double>");
            Assert.That(BitConverter.DoubleToInt64Bits(wide[i]), Is.EqualTo(expected), $"exp({x[i]:R}) on 512-bit vectors");
        }
    }

    [Test]
    public void VectorLogarithmsAreTheScalarOnesBitForBit()
    {
        var random = new SeededRandom(8);
        var x = Enumerable.Range(0, 20_000).Select(i => (i % 3) switch
            {
                0 => 1 + random.NextDouble(),                              // the sampler's sums of weights, in [1, K]
                1 => Math.Pow(2, random.NextDouble() * 2000 - 1000),
                _ => random.NextDouble() * 1e-3 + double.Epsilon,
            })
            .Concat([1, 2, PortableMath.Sqrt2, Math.BitDecrement(PortableMath.Sqrt2), 0.5, double.MaxValue, 2.2250738585072014E-308, 1e-310, double.Epsilon])
            .ToArray();
        var result = new double[x.Length];
        PortableMathVectors.Log(x, result);
        for (var i = 0; i < x.Length; i++)
            Assert.That(BitConverter.DoubleToInt64Bits(result[i]), Is.EqualTo(BitConverter.DoubleToInt64Bits(PortableMath.Log(x[i]))), $"log({x[i]:R})");
    }

    [Test]
    public void TheResultMayOverwriteTheInput()
    {
        var values = Enumerable.Range(0, 101).Select(i => i * 0.37 - 30).ToArray();     // whole vectors of every width, and a tail
        var expected = values.Select(PortableMath.Exp).ToArray();
        PortableMathVectors.Exp(values, values);
        Assert.That(values.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(expected.Select(BitConverter.DoubleToInt64Bits)));
    }
}
