using Pipeline.Models;

namespace Pipeline.Tests.Models;

/// <summary>Keeps every progress report, in order, on the reporting thread.</summary>
internal sealed class RecordingProgress : IProgress<TrainingProgress>
{
    public List<TrainingProgress> Reports { get; } = new();

    public void Report(TrainingProgress value) => Reports.Add(value);
}
