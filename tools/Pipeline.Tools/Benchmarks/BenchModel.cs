using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// The fixed conv classifier of `bench train` (train_step_reference.py builds the same network in PyTorch):
/// [N, 1, 28, 28] → conv 32 → pool → conv 64 → pool → 128 → 10.
/// </summary>
internal static class BenchModel
{
    public static Sequential Create() => nn.Sequential(
        nn.Conv2d(1, 32, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding: 1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
        nn.Linear(128, 10));
}
