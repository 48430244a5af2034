namespace Pipeline.Runtime.Models;

/// <summary>
/// The progress of a request sampled by several workers at once: each chunk reports its own steps done, and the request's
/// progress gets their sum, one report at a time and never smaller than the one before.
/// </summary>
internal sealed class SharedProgress(IProgress<int> inner)
{
    private readonly Lock gate = new();
    private int total;

    /// <summary>The progress of one chunk (its steps done, from 0).</summary>
    public IProgress<int> ForChunk() => new Chunk(this);

    private void Add(int steps)
    {
        lock (gate)
        {
            total += steps;
            inner.Report(total);
        }
    }

    private sealed class Chunk(SharedProgress owner) : IProgress<int>
    {
        private int reported;

        public void Report(int value)
        {
            owner.Add(value - reported);
            reported = value;
        }
    }
}
