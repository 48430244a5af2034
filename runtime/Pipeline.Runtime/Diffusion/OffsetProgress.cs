namespace Pipeline.Runtime.Diffusion;

/// <summary>Reports a chunk's steps as steps of the whole request: offset + steps done in the chunk.</summary>
internal sealed class OffsetProgress(IProgress<int> inner, int offset) : IProgress<int>
{
    public void Report(int value) => inner.Report(offset + value);
}
