using static TorchSharp.torch;

namespace Pipeline.Models.Autoregressive;

/// <summary>
/// The connectivity masks of the fully connected autoregressive models, for a variable order: <c>order[k]</c> is the
/// variable generated k-th, and its degree m⁰(d) is its 1-based rank in that order.
/// </summary>
public static class AutoregressiveMasks
{
    /// <summary>The raster order 0, 1, …, D − 1.</summary>
    public static int[] Natural(int size) => Enumerable.Range(0, size).ToArray();

    /// <summary>A seeded random permutation of 0..D − 1 (an order other than the raster one).</summary>
    public static int[] Shuffled(int size, int seed)
    {
        var order = Natural(size);
        new Random(seed).Shuffle(order);
        return order;
    }

    /// <summary>m⁰(d): the 1-based rank of each variable d in <paramref name="order"/>.</summary>
    public static int[] InputDegrees(IReadOnlyList<int> order)
    {
        var degrees = new int[order.Count];
        for (var k = 0; k < order.Count; k++) degrees[order[k]] = k + 1;
        return degrees;
    }

    /// <summary>
    /// MADE's hidden degrees (Germain et al. 2015, eq. 12): each unit k of layer l gets m^l(k) uniform in
    /// [min m^(l−1), D − 1], so no unit depends on every input (such a unit could feed no output).
    /// </summary>
    public static int[] HiddenDegrees(int units, int previousMinimum, int size, Random random) =>
        Enumerable.Range(0, units).Select(_ => random.Next(Math.Min(previousMinimum, size - 1), size)).ToArray();

    /// <summary>
    /// The seed's hidden-layer mask: M[k, k'] = 1 iff m^l(k) ≥ m^(l−1)(k'), [units, previous units].
    /// </summary>
    public static Tensor Hidden(IReadOnlyList<int> degrees, IReadOnlyList<int> previousDegrees) =>
        Build(degrees.Count, previousDegrees.Count, (k, j) => degrees[k] >= previousDegrees[j]);

    /// <summary>
    /// The output mask: output d is connected to hidden unit k iff m⁰(d) &gt; m^L(k) (Germain et al. 2015; the seed's slide
    /// writes this inequality the other way round), [D, units]. Output d then depends only on the variables before it.
    /// </summary>
    public static Tensor Output(IReadOnlyList<int> inputDegrees, IReadOnlyList<int> lastDegrees) =>
        Build(inputDegrees.Count, lastDegrees.Count, (d, k) => inputDegrees[d] > lastDegrees[k]);

    /// <summary>FVSBN's mask: output d sees input j iff j comes before d in the order, [D, D].</summary>
    public static Tensor StrictlyBefore(IReadOnlyList<int> order)
    {
        var degrees = InputDegrees(order);
        return Build(degrees.Length, degrees.Length, (d, j) => degrees[d] > degrees[j]);
    }

    private static Tensor Build(int rows, int columns, Func<int, int, bool> connected)
    {
        var values = new float[rows * columns];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                values[r * columns + c] = connected(r, c) ? 1f : 0f;
        return tensor(values, new long[] { rows, columns });
    }
}
