using Pipeline.Runtime.Randomness;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// KID (Bińkowski et al. 2018): the unbiased squared MMD with the cubic polynomial kernel
/// k(x, y) = (xᵀy/d + 1)³, averaged over random subsets (100 subsets of 1,000 by default; of half the smaller set
/// when a set holds no more than that).
/// </summary>
public static class KernelDistance
{
    public static (double Mean, double StandardDeviation) Compute(float[] a, float[] b, int dimension, int subsets = 100, int subsetSize = 1000, long seed = 0)
    {
        var n = a.Length / dimension;
        var m = b.Length / dimension;
        // Subsets as large as a set would all be that whole set, and their spread zero: sets of at most subsetSize
        // vectors are measured on random halves, whose spread is the estimate's.
        var size = Math.Min(subsetSize, Math.Min(n, m));
        if (size == n || size == m) size = Math.Min(n, m) / 2;
        if (size < 2) throw new ArgumentException("KID needs at least four feature vectors in each set");
        var random = new SeededRandom(unchecked((ulong)seed));
        var values = new double[subsets];
        for (var s = 0; s < subsets; s++)
        {
            var x = Subset(random, n, size);
            var y = Subset(random, m, size);
            double kxx = 0, kyy = 0, kxy = 0;
            for (var i = 0; i < size; i++)
                for (var j = 0; j < size; j++)
                {
                    if (i != j)
                    {
                        kxx += Kernel(a, x[i], a, x[j], dimension);
                        kyy += Kernel(b, y[i], b, y[j], dimension);
                    }
                    kxy += Kernel(a, x[i], b, y[j], dimension);
                }
            // MMD²_u = Σ_{i≠j} k(xᵢ,xⱼ)/(n(n−1)) + Σ_{i≠j} k(yᵢ,yⱼ)/(n(n−1)) − 2 Σ k(xᵢ,yⱼ)/n²
            values[s] = (kxx + kyy) / (size * (size - 1.0)) - 2 * kxy / ((double)size * size);
        }
        var mean = values.Average();
        var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, subsets - 1));
        return (mean, std);
    }

    private static double Kernel(float[] a, int i, float[] b, int j, int d)
    {
        var dot = System.Numerics.Tensors.TensorPrimitives.Dot(a.AsSpan(i * d, d), b.AsSpan(j * d, d));
        var value = dot / d + 1.0;
        return value * value * value;
    }

    /// <summary>A random subset of <paramref name="size"/> distinct indices below <paramref name="count"/> (partial Fisher–Yates).</summary>
    private static int[] Subset(SeededRandom random, int count, int size)
    {
        var indices = Enumerable.Range(0, count).ToArray();
        for (var i = 0; i < size; i++)
        {
            var j = i + random.NextInt(count - i);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        return indices[..size];
    }
}
