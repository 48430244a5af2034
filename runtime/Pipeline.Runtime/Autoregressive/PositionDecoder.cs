namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// Computes the conditional of one position after another for a fixed batch: the part of the sampling loop that differs
/// between the whole network and a step network. It reads the values drawn so far from the sampler's array
/// [N, D] (position-major per item) and owns its network buffers; nothing is allocated per step.
/// </summary>
internal abstract class PositionDecoder : IDisposable
{
    protected PositionDecoder(int batchSize, int positions, int categories, int[] order, float[] values)
    {
        BatchSize = batchSize;
        Positions = positions;
        Categories = categories;
        Order = order;
        Values = values;
    }

    protected int BatchSize { get; }
    protected int Positions { get; }
    protected int Categories { get; }
    protected int[] Order { get; }

    /// <summary>The sampler's values, [N, D]: category values as floats, zero where not drawn yet.</summary>
    protected float[] Values { get; }

    /// <summary>
    /// A pixel of a one-hot cache, item <paramref name="item"/>'s <paramref name="channels"/>, set to the value it drew at
    /// <paramref name="position"/> (raster order). Its ring slot held the same column <paramref name="rowsUp"/> image rows
    /// above (<paramref name="width"/> pixels a row), a single 1, or nothing above the first rows: that 1 is cleared from
    /// <see cref="Values"/>' record of it, not all the channels (64 KB a position for 256 categories at batch 64).
    /// </summary>
    protected void MoveOneHot(Span<float> channels, int item, int position, int rowsUp, int width, int value)
    {
        var above = position - rowsUp * width;
        if (above >= 0) channels[(int)Values[item * Positions + above]] = 0;
        channels[value] = 1;
    }

    /// <summary>Starts a generation for the classes in <paramref name="labels"/> (one per item, or empty for an unconditional package).</summary>
    public abstract void Reset(ReadOnlySpan<int> labels);

    /// <summary>The logits of position Order[<paramref name="step"/>] for every item, [N, K].</summary>
    public abstract ReadOnlySpan<float> Logits(int step);

    /// <summary>
    /// Called once the values of position Order[<paramref name="step"/>] are in <see cref="Values"/>; <paramref name="drawn"/>
    /// holds them item after item (contiguous, where Values holds them a row apart).
    /// </summary>
    public virtual void Commit(int step, ReadOnlySpan<int> drawn)
    {
    }

    public abstract void Dispose();

    /// <summary>One-hot rows [N, K] of <paramref name="labels"/> into <paramref name="buffer"/> (cleared first); nothing for none.</summary>
    protected static void WriteOneHot(float[]? buffer, ReadOnlySpan<int> labels)
    {
        if (buffer is null || labels.IsEmpty) return;
        Array.Clear(buffer);
        var classes = buffer.Length / labels.Length;
        for (var n = 0; n < labels.Length; n++) buffer[n * classes + labels[n]] = 1;
    }
}
