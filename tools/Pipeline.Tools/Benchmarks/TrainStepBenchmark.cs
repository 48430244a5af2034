using System.Diagnostics;
using Pipeline.Nn;
using Pipeline.Optim;
using Pipeline.Tensors;

namespace Pipeline.Tools.Benchmarks;

/// <summary>Times training steps (forward, backward, Adam) of <see cref="BenchModel"/> through our binding.</summary>
internal sealed class TrainStepBenchmark : IDisposable
{
    private readonly Generator generator = new(0);
    private readonly Nn.Layers.Sequential model;
    private readonly Adam optimizer;
    private readonly Tensor images;
    private readonly Tensor labels;

    public TrainStepBenchmark(int batchSize)
    {
        model = BenchModel.Create(generator);
        optimizer = new Adam(model.Parameters(), 1e-3);
        images = Torch.Randn(new long[] { batchSize, 1, 28, 28 }, generator).DetachFromDisposeScope();
        labels = Torch.RandInt(0, 10, new long[] { batchSize }, generator).DetachFromDisposeScope();
    }

    public void Step()
    {
        using var scope = DisposeScope.Enter();
        optimizer.ZeroGrad();
        var loss = Functional.CrossEntropy(model.Forward(images), labels);
        loss.Backward();
        optimizer.Step();
    }

    /// <summary>Steps per second over <paramref name="steps"/> steps after <paramref name="warmup"/> untimed ones.</summary>
    public double Measure(int steps, int warmup)
    {
        for (var i = 0; i < warmup; i++) Step();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++) Step();
        return steps / clock.Elapsed.TotalSeconds;
    }

    public void Dispose()
    {
        optimizer.Dispose();
        model.Dispose();
        images.Dispose();
        labels.Dispose();
        generator.Dispose();
    }
}
