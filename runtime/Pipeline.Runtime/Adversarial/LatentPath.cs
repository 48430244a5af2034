namespace Pipeline.Runtime.Adversarial;

/// <summary>Points on the path between two codes (<see cref="InterpolationPath"/>).</summary>
public static class LatentPath
{
    /// <summary>Writes z(<paramref name="t"/>) between <paramref name="from"/> (t = 0) and <paramref name="to"/> (t = 1) into <paramref name="point"/>.</summary>
    public static void Point(ReadOnlySpan<float> from, ReadOnlySpan<float> to, double t, InterpolationPath path, Span<float> point)
    {
        if (from.Length != to.Length || point.Length != from.Length)
            throw new ArgumentException($"the codes and the point must have the same size, got {from.Length}, {to.Length} and {point.Length}");
        double a = 1 - t, b = t;
        if (path == InterpolationPath.Spherical)
        {
            double dot = 0, normFrom = 0, normTo = 0;
            for (var i = 0; i < from.Length; i++)
            {
                dot += (double)from[i] * to[i];
                normFrom += (double)from[i] * from[i];
                normTo += (double)to[i] * to[i];
            }
            var cosine = Math.Clamp(dot / Math.Sqrt(normFrom * normTo), -1, 1);
            var omega = Math.Acos(cosine);                                  // cos Ω = ẑ₀·ẑ₁
            var sine = Math.Sin(omega);
            if (sine > 1e-6 && double.IsFinite(cosine))
                (a, b) = (Math.Sin((1 - t) * omega) / sine, Math.Sin(t * omega) / sine);
        }
        for (var i = 0; i < from.Length; i++) point[i] = (float)(a * from[i] + b * to[i]);
    }
}
