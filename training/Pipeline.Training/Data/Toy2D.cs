using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Data;

/// <summary>
/// Synthetic 2-D point clouds for fast density-model tests. Each returns float32 [n, 2];
/// the points come from the engine's random functions, so one seed gives the same points.
/// </summary>
public static class Toy2D
{
    /// <summary>
    /// Two interleaving half circles: the upper unit half circle around (0, 0) and the lower one
    /// around (1, 0.5), each point on either with probability ½, plus N(0, noise²) per coordinate.
    /// </summary>
    public static Tensor TwoMoons(long n, double noise = 0.1, Generator? generator = null)
    {
        var count = CheckCount(n);
        CheckNonNegative(noise, nameof(noise));
        var angles = Uniform(count, generator);
        var moons = Choices(count, 2, generator);
        var jitter = Normal(count, generator);
        var points = new float[2 * count];
        for (var i = 0; i < count; i++)
        {
            var t = Math.PI * angles[i];
            var (x, y) = moons[i] == 0 ? (Math.Cos(t), Math.Sin(t)) : (1 - Math.Cos(t), 0.5 - Math.Sin(t));
            points[2 * i] = (float)(x + noise * jitter[2 * i]);
            points[2 * i + 1] = (float)(y + noise * jitter[2 * i + 1]);
        }
        return torch.tensor(points, new long[] { count, 2 });
    }

    /// <summary>A mixture of 8 equal Gaussians N(c_k, std²·I), c_k = radius·(cos kπ/4, sin kπ/4).</summary>
    public static Tensor EightGaussians(long n, double std = 0.1, double radius = 2.0, Generator? generator = null)
    {
        var count = CheckCount(n);
        CheckNonNegative(std, nameof(std));
        CheckNonNegative(radius, nameof(radius));
        var components = Choices(count, 8, generator);
        var jitter = Normal(count, generator);
        var points = new float[2 * count];
        for (var i = 0; i < count; i++)
        {
            var angle = components[i] * Math.PI / 4;
            points[2 * i] = (float)(radius * Math.Cos(angle) + std * jitter[2 * i]);
            points[2 * i + 1] = (float)(radius * Math.Sin(angle) + std * jitter[2 * i + 1]);
        }
        return torch.tensor(points, new long[] { count, 2 });
    }

    /// <summary>
    /// Points uniform on the 8 "black" unit squares of a 4×4 board on [−2, 2]²: those whose
    /// floor(x) + floor(y) is even.
    /// </summary>
    public static Tensor Checkerboard(long n, Generator? generator = null)
    {
        var count = CheckCount(n);
        var squares = Choices(count, 8, generator);
        var offsets = Uniform(2 * count, generator);
        var points = new float[2 * count];
        for (var i = 0; i < count; i++)
        {
            // Row j = 0..3 and, in it, the column of matching parity: (i + j) is even.
            var row = squares[i] / 2;
            var column = 2 * (squares[i] % 2) + row % 2;
            points[2 * i] = column - 2 + offsets[2 * i];
            points[2 * i + 1] = row - 2 + offsets[2 * i + 1];
        }
        return torch.tensor(points, new long[] { count, 2 });
    }

    private static int CheckCount(long n) =>
        n is > 0 and <= int.MaxValue / 2 ? (int)n : throw new ArgumentOutOfRangeException(nameof(n), n, "the number of points must be positive (and fit in memory)");

    private static void CheckNonNegative(double value, string name)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a finite number of 0 or more");
    }

    private static float[] Uniform(int count, Generator? generator)
    {
        using var t = torch.rand(new long[] { count }, generator: generator);
        return t.data<float>().ToArray();
    }

    private static float[] Normal(int count, Generator? generator)
    {
        using var t = torch.randn(new long[] { 2L * count }, generator: generator);
        return t.data<float>().ToArray();
    }

    private static long[] Choices(int count, int options, Generator? generator)
    {
        using var t = torch.randint(0, options, new long[] { count }, generator: generator);
        return t.data<long>().ToArray();
    }
}
