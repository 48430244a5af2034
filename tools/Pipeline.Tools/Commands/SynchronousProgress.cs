using Pipeline.Models;

namespace Pipeline.Tools.Commands;

/// <summary>Reports progress on the training thread itself (Progress&lt;T&gt; would post to the thread pool).</summary>
internal sealed class SynchronousProgress : IProgress<TrainingProgress>
{
    private readonly Action<TrainingProgress> report;

    public SynchronousProgress(Action<TrainingProgress> report) => this.report = report;

    public void Report(TrainingProgress value) => report(value);
}
