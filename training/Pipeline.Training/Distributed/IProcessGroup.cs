namespace Pipeline.Distributed;

/// <summary>
/// The processes of one data-parallel training job as the trainer sees them: each has a rank in [0, <see cref="Size"/>),
/// and every collective call must be made by all of them, in the same order, with buffers of the same length.
/// </summary>
public interface IProcessGroup
{
    /// <summary>This process's rank; rank 0 writes checkpoints, previews and logs.</summary>
    int Rank { get; }

    /// <summary>How many processes train together.</summary>
    int Size { get; }

    /// <summary>Replaces <paramref name="buffer"/> on every process by its element-wise sum over all processes.</summary>
    void AllReduceSum(Span<float> buffer);

    /// <inheritdoc cref="AllReduceSum(Span{float})"/>
    void AllReduceSum(Span<double> buffer);

    /// <summary>Copies <paramref name="root"/>'s <paramref name="buffer"/> into every other process's.</summary>
    void Broadcast(Span<byte> buffer, int root = 0);
}
