using System.Diagnostics;
using Pipeline.Runtime.Diffusion;

namespace Pipeline.Tools.Benchmarks;

/// <summary>Times <see cref="DiffusionSampler.Step"/> of the runtime, the whole reverse step (denoiser, noise, scheduler).</summary>
internal static class SamplerBenchmark
{
    /// <summary>
    /// Resets a sampler of <paramref name="batch"/> items over <paramref name="totalSteps"/> steps, runs <paramref name="warmup"/>
    /// untimed steps, then times up to <paramref name="timed"/> steps (all that remain at most; never the last, which brings x₀ back
    /// from the device), counting the managed bytes allocated
    /// on this thread (<see cref="GC.GetAllocatedBytesForCurrentThread"/>).
    /// </summary>
    public static LoopTiming Measure(DiffusionModel model, int batch, DiffusionSamplerKind kind, int totalSteps, int timed, int warmup,
                                     DiffusionStatePlacement placement = DiffusionStatePlacement.Host)
    {
        using var sampler = Create(model, batch, kind, totalSteps, placement);
        return Measure(sampler, model.IsConditional, timed, warmup);
    }

    /// <summary>A sampler for <see cref="Measure(DiffusionSampler, bool, int, int)"/>, to time in several rounds.</summary>
    public static DiffusionSampler Create(DiffusionModel model, int batch, DiffusionSamplerKind kind, int totalSteps, DiffusionStatePlacement placement) =>
        model.CreateSampler(batch, new DiffusionSamplingOptions { Sampler = kind, Steps = totalSteps, BatchSize = batch, StatePlacement = placement });

    /// <summary>
    /// Untimed steps a <see cref="DiffusionStatePlacement.CudaGraph"/> sampler runs first at least: ONNX Runtime's first call
    /// of each of its two graphs (steps 1 and 2) runs the network twice as usual and once captured; later calls replay.
    /// </summary>
    private const int CaptureSteps = 4;

    /// <summary>
    /// Resets <paramref name="sampler"/>, runs <paramref name="warmup"/> untimed steps, then times up to <paramref name="timed"/>
    /// steps as <see cref="Measure(DiffusionModel, int, DiffusionSamplerKind, int, int, int, DiffusionStatePlacement)"/> does.
    /// </summary>
    public static LoopTiming Measure(DiffusionSampler sampler, bool conditional, int timed, int warmup)
    {
        if (sampler.StatePlacement == DiffusionStatePlacement.CudaGraph) warmup = Math.Max(warmup, CaptureSteps);
        sampler.Reset(seed: 1, conditional ? new int[sampler.BatchSize] : []);
        for (var i = 0; i < warmup && sampler.StepsDone + 1 < sampler.TotalSteps; i++) sampler.Step();
        var steps = Math.Min(timed, sampler.TotalSteps - sampler.StepsDone - 1);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var start = Stopwatch.GetTimestamp();                  // no Stopwatch object: nothing allocated inside the window
        for (var i = 0; i < steps; i++) sampler.Step();
        var elapsed = Stopwatch.GetElapsedTime(start);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        return new LoopTiming(steps, elapsed.TotalSeconds / steps, (double)bytes / steps);
    }

    /// <summary>The rows the denoiser sees per step for <paramref name="batch"/> items (2N under classifier-free guidance).</summary>
    public static int NetworkRows(DiffusionModel model, int batch)
    {
        using var sampler = model.CreateSampler(batch, new DiffusionSamplingOptions { Steps = 1, Spacing = TimestepSpacing.Trailing, BatchSize = batch });
        return sampler.NetworkBatchSize;
    }
}
