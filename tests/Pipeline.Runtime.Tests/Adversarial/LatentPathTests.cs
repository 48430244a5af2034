using NUnit.Framework;
using Pipeline.Runtime.Adversarial;

namespace Pipeline.Runtime.Tests.Adversarial;

/// <summary>Linear and spherical paths between codes.</summary>
public sealed class LatentPathTests
{
    private static float[] Point(float[] from, float[] to, double t, InterpolationPath path)
    {
        var point = new float[from.Length];
        LatentPath.Point(from, to, t, path, point);
        return point;
    }

    private static double Norm(float[] z) => Math.Sqrt(z.Sum(v => (double)v * v));

    [Test]
    public void TheLinearPathIsTheWeightedMean() =>
        Assert.That(Point([2, 0, -4], [0, 4, 0], 0.25, InterpolationPath.Linear), Is.EqualTo(new[] { 1.5f, 1f, -3f }).Within(1e-6));

    [Test]
    public void TheSphericalPathFollowsTheGreatCircle()
    {
        float[] x = [1, 0], y = [0, 1];
        Assert.That(Point(x, y, 0.5, InterpolationPath.Spherical), Is.EqualTo(new[] { MathF.Sqrt(0.5f), MathF.Sqrt(0.5f) }).Within(1e-6));
        Assert.That(Point(x, y, 1.0 / 3, InterpolationPath.Spherical), Is.EqualTo(new[] { MathF.Cos(MathF.PI / 6), MathF.Sin(MathF.PI / 6) }).Within(1e-6));
        float[] a = [3, 0, 4, 0], b = [0, 5, 0, 0];
        foreach (var t in new[] { 0.1, 0.5, 0.9 })
            Assert.That(Norm(Point(a, b, t, InterpolationPath.Spherical)), Is.EqualTo(5).Within(1e-5), "codes of equal norm keep it along the arc");
        Assert.That(Norm(Point(a, b, 0.5, InterpolationPath.Linear)), Is.LessThan(4), "while the chord's middle is shorter");
    }

    [Test]
    public void ParallelCodesFallBackToTheLinearPath()
    {
        Assert.That(Point([1, 2], [2, 4], 0.5, InterpolationPath.Spherical), Is.EqualTo(new[] { 1.5f, 3f }).Within(1e-6));
        Assert.That(Point([0, 0], [2, 4], 0.5, InterpolationPath.Spherical), Is.EqualTo(new[] { 1f, 2f }).Within(1e-6), "a zero code has no direction");
    }
}
