namespace Pipeline.Distributed;

/// <summary>
/// Rank <see cref="Rank"/>'s share of every global batch when <see cref="Count"/> processes train together: the batch's
/// images split into <see cref="Count"/> consecutive runs whose sizes differ by at most one, so the ranks' shares of an
/// epoch's batches together are exactly the single-process epoch.
/// </summary>
public readonly record struct DataShard(int Rank, int Count)
{
    /// <summary>Where this rank's run starts in a global batch of <paramref name="globalCount"/> images, and its length.</summary>
    public (int Start, int Length) Of(int globalCount)
    {
        var (least, extra) = Math.DivRem(globalCount, Count);
        return (Rank * least + Math.Min(Rank, extra), least + (Rank < extra ? 1 : 0));
    }
}
