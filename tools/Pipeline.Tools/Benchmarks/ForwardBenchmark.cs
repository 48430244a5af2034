using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// The denoiser graph alone in ONNX Runtime, bound the way the runtime's sampler binds it: inputs and output are
/// pinned arrays wrapped once in OrtValues and an <see cref="OrtIoBinding"/>, each run is <see cref="InferenceSession.RunWithBinding"/>.
/// </summary>
internal sealed class ForwardBenchmark : IDisposable
{
    private readonly OnnxSession session;
    private readonly List<OrtValue> values = new();
    private readonly OrtIoBinding binding;
    private readonly RunOptions runOptions = new();

    /// <param name="modelPath">The denoiser's .onnx file.</param>
    /// <param name="rows">Rows per call (the sampler's network batch).</param>
    /// <param name="sampleShape">One item's shape.</param>
    /// <param name="threads">ONNX Runtime intra-op threads.</param>
    public ForwardBenchmark(string modelPath, int rows, long[] sampleShape, int threads)
    {
        session = OnnxSession.Open(modelPath, new RuntimeOptions { IntraOpThreads = threads });
        var shape = sampleShape.Prepend(rows).ToArray();
        var itemSize = (int)sampleShape.Aggregate(1L, (a, d) => a * d);
        var random = new Random(1);
        var sample = Enumerable.Range(0, rows * itemSize).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var timestep = Enumerable.Repeat(500f, rows).ToArray();
        binding = session.Session.CreateIoBinding();
        binding.BindInput("sample", Track(OrtValue.CreateTensorValueFromMemory(sample, shape)));
        binding.BindInput("timestep", Track(OrtValue.CreateTensorValueFromMemory(timestep, new long[] { rows })));
        if (session.Session.InputMetadata.TryGetValue("label", out var label))
        {
            var classes = label.Dimensions[1];
            binding.BindInput("label", Track(OrtValue.CreateTensorValueFromMemory(new float[rows * classes], new long[] { rows, classes })));
        }
        binding.BindOutput("epsilon", Track(OrtValue.CreateTensorValueFromMemory(new float[rows * itemSize], shape)));
    }

    /// <summary>Seconds per forward pass over <paramref name="runs"/> timed runs after <paramref name="warmup"/> untimed ones.</summary>
    public double SecondsPerRun(int runs, int warmup)
    {
        for (var i = 0; i < warmup; i++) session.Session.RunWithBinding(runOptions, binding);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++) session.Session.RunWithBinding(runOptions, binding);
        return clock.Elapsed.TotalSeconds / runs;
    }

    public void Dispose()
    {
        binding.Dispose();
        runOptions.Dispose();
        foreach (var value in values) value.Dispose();
        session.Dispose();
    }

    private OrtValue Track(OrtValue value)
    {
        values.Add(value);
        return value;
    }
}
