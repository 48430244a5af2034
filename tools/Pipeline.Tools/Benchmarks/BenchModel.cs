using Pipeline.Nn.Layers;
using Pipeline.Tensors;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// The fixed conv classifier of `bench train` (train_step_reference.py builds the same network in PyTorch):
/// [N, 1, 28, 28] → conv 32 → pool → conv 64 → pool → 128 → 10.
/// </summary>
internal static class BenchModel
{
    public static Sequential Create(Generator generator) => new(
        new Conv2d(1, 32, 3, padding: 1, generator: generator), new Relu(), new MaxPool2d(2),
        new Conv2d(32, 64, 3, padding: 1, generator: generator), new Relu(), new MaxPool2d(2),
        new Flatten(), new Linear(64 * 7 * 7, 128, generator: generator), new Relu(),
        new Linear(128, 10, generator: generator));
}
