namespace Pipeline.Distributed;

/// <summary>What averaging the gradients cost so far: all-reduce calls, the bytes each process sent into them, and the time spent inside them.</summary>
public sealed record CommunicationStats(long Calls, long Bytes, TimeSpan Time)
{
    public static CommunicationStats None { get; } = new(0, 0, TimeSpan.Zero);
}
