using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Randomness;

/// <summary>
/// Random draws from a seeded CPU <see cref="Generator"/>, placed on any device. TorchSharp's generators are CPU
/// generators (<c>torch.manual_seed</c> seeds only the CPU one), and libtorch refuses a CPU generator for a CUDA
/// tensor; drawing on the CPU and moving the result keeps every run on every device the same numbers.
/// </summary>
public static class Noise
{
    /// <summary>A CPU generator seeded with <paramref name="seed"/> (negative seeds are their two's complement).</summary>
    public static Generator Seeded(long seed) => new(unchecked((ulong)seed));

    /// <summary>ε ~ N(0, I) of <paramref name="shape"/> (float32) on <paramref name="device"/>.</summary>
    public static Tensor Randn(long[] shape, Generator generator, Device device) =>
        OnDevice(randn(shape, generator: generator), device);

    /// <summary>ε ~ N(0, I) shaped, typed and placed as <paramref name="like"/>.</summary>
    public static Tensor RandnLike(Tensor like, Generator generator) =>
        OnDevice(randn(like.shape, dtype: like.dtype, generator: generator), like.device);

    /// <summary>u ~ U[0, 1) of <paramref name="shape"/> (float32) on <paramref name="device"/>.</summary>
    public static Tensor Rand(long[] shape, Generator generator, Device device) =>
        OnDevice(rand(shape, generator: generator), device);

    /// <summary>Integers uniform in [<paramref name="low"/>, <paramref name="high"/>) (int64) on <paramref name="device"/>.</summary>
    public static Tensor RandInt(long low, long high, long[] shape, Generator generator, Device device) =>
        OnDevice(randint(low, high, shape, generator: generator), device);

    /// <summary>Independent Bernoulli(p) draws, 1 with probability p (float32), shaped [shape] on <paramref name="device"/>.</summary>
    public static Tensor Bernoulli(long[] shape, double p, Generator generator, Device device)
    {
        using var probabilities = full(shape, p);
        return OnDevice(bernoulli(probabilities, generator: generator), device);
    }

    private static Tensor OnDevice(Tensor cpu, Device device)
    {
        if (device.type == DeviceType.CPU) return cpu;
        using (cpu) return cpu.to(device);
    }
}
