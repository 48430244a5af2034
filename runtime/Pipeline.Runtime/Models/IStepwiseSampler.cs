namespace Pipeline.Runtime.Models;

/// <summary>
/// A generation of a fixed batch that advances one step at a time (reverse diffusion steps, autoregressive positions):
/// Reset, then Step until done, then Result.
/// </summary>
public interface IStepwiseSampler : IDisposable
{
    /// <summary>Items generated together.</summary>
    int BatchSize { get; }

    /// <summary>Steps of one generation.</summary>
    int TotalSteps { get; }

    /// <summary>Steps done since the generation started.</summary>
    int StepsDone { get; }

    /// <summary>Starts a generation; item n draws from the stream of (seed, firstItem + n); labels: one per item, or none.</summary>
    void Reset(long seed, ReadOnlySpan<int> labels = default, int firstItem = 0);

    /// <summary>Runs the next step; true while steps remain after it.</summary>
    bool Step();

    /// <summary>Runs the remaining steps, reporting progress and honouring cancellation between them.</summary>
    void Run(IProgress<int>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>The finished images in [0, 1].</summary>
    ImageBatch Result();
}
