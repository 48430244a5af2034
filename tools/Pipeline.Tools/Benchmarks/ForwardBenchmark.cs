using System.Diagnostics;
using Pipeline.Runtime.Diffusion;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// The raw forward pass of a package's denoiser: the runtime's own <see cref="DenoiserBinding"/> (pre-bound OrtValues,
/// RunWithBinding) on the session the sampler uses, with fixed inputs and nothing else around it.
/// </summary>
internal sealed class ForwardBenchmark : IDisposable
{
    private readonly DenoiserBinding binding;

    public ForwardBenchmark(DiffusionModel model, int rows)
    {
        binding = new DenoiserBinding(model.DenoiserSession, rows, model.Spec.SampleShape, model.ClassCount);
        var random = new Random(1);
        foreach (ref var x in binding.Sample) x = (float)(random.NextDouble() * 2 - 1);
        binding.Timestep.Fill(500f);
    }

    public double SecondsPerRun(int runs, int warmup)
    {
        for (var i = 0; i < warmup; i++) binding.Run();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++) binding.Run();
        return clock.Elapsed.TotalSeconds / runs;
    }

    public void Dispose() => binding.Dispose();
}
