using Pipeline.Runtime.Sessions;

namespace Pipeline.Tools.Benchmarks;

/// <summary>What `bench ddpm` measures: a fixed U-Net (or a shipped package), the batch sizes, timed steps, threads.</summary>
internal sealed record DdpmBenchSettings
{
    /// <summary>Base channels of the random-weight U-Net exported for the bench (ignored with <see cref="Package"/>).</summary>
    public int Channels { get; init; } = 32;

    /// <summary>A shipped diffusion package to bench instead of the fixed U-Net.</summary>
    public string? Package { get; init; }

    public IReadOnlyList<int> Batches { get; init; } = new[] { 1, 64 };

    /// <summary>Timed forward passes and timed sampler steps per figure and round at the largest batch.</summary>
    public int Steps { get; init; } = 5;

    /// <summary>Interleaved rounds of every figure: at least the minimum, more until the loop efficiencies' medians are known within the target.</summary>
    public AdaptiveRounds Rounds { get; init; } = new(3, 3, 0.02);

    public int Warmup { get; init; } = 2;

    /// <summary>Steps around which the managed allocations of Step are counted (at the smallest batch).</summary>
    public int AllocationSteps { get; init; } = 100;

    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Where the denoiser runs; the PyTorch reference runs there too (CUDA beside a GPU provider).</summary>
    public ExecutionProvider Provider { get; init; } = ExecutionProvider.Cpu;

    /// <summary>Run on the CPU, saying so, when <see cref="Provider"/> cannot load.</summary>
    public bool AllowCpuFallback { get; init; }

    public bool WithReference { get; init; }

    /// <summary>
    /// Timed runs at <paramref name="batch"/>: <see cref="Steps"/> scaled by largest batch / batch (at most 8×), so that
    /// small batches, whose steps are short, are timed over about as long as the largest.
    /// </summary>
    public int TimedSteps(int batch) => Steps * Math.Clamp(Batches.Max() / batch, 1, 8);
}
