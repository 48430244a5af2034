using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NUnit.Framework;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Randomness;

public class LaneScansTests
{
    [Test]
    public void AScanIsFourRoundsOfSumsOneTwoFourAndEightApart()
    {
        var random = new Random(4);
        for (var trial = 0; trial < 2_000; trial++)
        {
            var values = Enumerable.Range(0, 16).Select(_ => random.Next(4) == 0 ? 0f : random.NextSingle() * MathF.Pow(2, random.Next(-30, 10))).ToArray();
            var expected = Scan(values);
            var (scalar, dispatched) = (values.ToArray(), values.ToArray());
            LaneScans.ElementByElement(scalar);
            LaneScans.InclusiveSum(dispatched);
            Assert.That(Bits(scalar), Is.EqualTo(Bits(expected)));
            Assert.That(Bits(dispatched), Is.EqualTo(Bits(expected)));
            if (Avx512F.IsSupported) Assert.That(Bits(Floats(LaneScans.InclusiveSum(Vector512.Create(values)))), Is.EqualTo(Bits(expected)));
        }
    }

    /// <summary>
    /// A scan of 16 values by its definition, written out: four rounds, each from a copy of the one before, adding the
    /// value 1, 2, 4, then 8 places back (+0 where there is none).
    /// </summary>
    internal static float[] Scan(float[] values)
    {
        var scan = values[..16];
        foreach (var distance in new[] { 1, 2, 4, 8 })
        {
            var before = scan.ToArray();
            for (var j = 0; j < 16; j++) scan[j] = before[j] + (j >= distance ? before[j - distance] : 0f);
        }
        return scan;
    }

    private static float[] Floats(Vector512<float> lanes)
    {
        var values = new float[16];
        lanes.CopyTo(values);
        return values;
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
