namespace Pipeline.Tools.Benchmarks;

/// <summary>Timed steps of the runtime's sampler: seconds per step and managed bytes allocated per step.</summary>
internal sealed record LoopTiming(int TimedSteps, double SecondsPerStep, double BytesPerStep);
