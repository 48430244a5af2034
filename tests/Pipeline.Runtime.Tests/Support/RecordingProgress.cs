namespace Pipeline.Runtime.Tests.Support;

/// <summary>A synchronous <see cref="IProgress{T}"/> (Progress&lt;T&gt; posts asynchronously) that records every report and may act on it.</summary>
internal sealed class RecordingProgress(Action<int>? onReport = null) : IProgress<int>
{
    public List<int> Reports { get; } = new();

    public void Report(int value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}
