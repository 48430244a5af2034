using Pipeline.Data;

namespace Pipeline.Tools.Evaluation;

/// <summary>
/// MNIST digits for out-of-distribution tests: the set comes grouped by label (all the 0s, then the 1s, …), so its first
/// images are one digit; this takes them in a fixed shuffled order, every label mixed in.
/// </summary>
public static class MixedDigits
{
    /// <summary>The first <paramref name="count"/> (at most all) of <paramref name="digits"/> in the fixed order.</summary>
    public static ImageDataset Take(ImageDataset digits, int count)
    {
        var order = Enumerable.Range(0, digits.Count).OrderBy(i => (i * 2654435761u) % 4294967291u).Take(Math.Min(count, digits.Count)).ToArray();
        return digits.Subset(order);
    }
}
