using NUnit.Framework;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Randomness;

public class PortableMathVectorsTests
{
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
}
