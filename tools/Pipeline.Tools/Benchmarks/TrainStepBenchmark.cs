using System.Diagnostics;
using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Models;
using Pipeline.Models.Diffusion;
using Pipeline.Randomness;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// Times TorchSharp training steps (forward, backward, Adam, one dispose scope per step) of one of the two `bench train`
/// models: <see cref="BenchModel"/> on random images, or a DDPM U-Net's Algorithm-1 step (the trainer's own loss).
/// </summary>
internal sealed class TrainStepBenchmark : IDisposable
{
    private readonly nn.Module model;
    private readonly Adam optimizer;
    private readonly Func<Tensor> loss;
    private readonly List<IDisposable> owned = [];

    private TrainStepBenchmark(nn.Module model, Func<Tensor> loss)
    {
        OneDnn.Disable();   // as ModelTrainer trains (see OneDnn)
        this.model = model;
        this.loss = loss;
        optimizer = optim.Adam(model.parameters(), 1e-3);
    }

    /// <summary>The conv classifier, cross-entropy on random images and labels.</summary>
    public static TrainStepBenchmark Conv(int batchSize)
    {
        random.manual_seed(0);
        var model = BenchModel.Create();
        var images = randn([batchSize, 1, 28, 28]).DetachFromDisposeScope();
        var labels = randint(0, 10, [batchSize]).DetachFromDisposeScope();
        return new TrainStepBenchmark(model, () => F.cross_entropy(model.call(images), labels)) { owned = { images, labels } };
    }

    /// <summary>A DDPM of <paramref name="channels"/> base channels: t ~ U, ε ~ N(0, I), ‖ε − ε_θ(z_t, t)‖² on random images in [−1, 1].</summary>
    public static TrainStepBenchmark Ddpm(int batchSize, int channels)
    {
        random.manual_seed(0);
        var model = new DdpmModel(new DdpmConfig { UNet = UNetConfig.WithBaseChannels(channels) });
        model.train();
        var noise = Noise.Seeded(0);
        var images = (rand([batchSize, 1, 28, 28]) * 2 - 1).DetachFromDisposeScope();
        var labels = zeros([batchSize], ScalarType.Int64).DetachFromDisposeScope();
        var batch = new Batch(images, labels, new int[batchSize]);
        return new TrainStepBenchmark(model, () => model.Loss(batch, noise).Total) { owned = { batch, noise } };
    }

    public void Step()
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        loss().backward();
        optimizer.step();
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
        foreach (var item in owned) item.Dispose();
    }
}
