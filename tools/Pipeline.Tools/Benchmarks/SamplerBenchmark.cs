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
        using var sampler = model.CreateSampler(batch, new DiffusionSamplingOptions { Sampler = kind, Steps = totalSteps, BatchSize = batch, StatePlacement = placement });
        var labels = model.IsConditional ? new int[batch] : Array.Empty<int>();
        sampler.Reset(seed: 1, labels);
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
