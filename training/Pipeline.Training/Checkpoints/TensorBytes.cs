using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>A tensor's raw little-endian bytes (safetensors stores them as they are), read and written through the CPU.</summary>
internal static class TensorBytes
{
    public static long Count(Tensor tensor) => tensor.numel() * SafeTensorsDType.ElementSize(tensor.dtype);

    /// <summary>Writes the tensor's elements in row-major order.</summary>
    public static void Write(Tensor tensor, Stream stream)
    {
        SafeTensorsDType.Code(tensor.dtype);
        using var cpu = tensor.detach().cpu().contiguous();
        if (cpu.numel() > 0) stream.Write(cpu.bytes);
    }

    /// <summary>Reads a CPU tensor of <paramref name="dtype"/> and <paramref name="shape"/>; a short stream is an <see cref="EndOfStreamException"/>.</summary>
    public static Tensor Read(Stream stream, ScalarType dtype, long[] shape)
    {
        var tensor = empty(shape, dtype);
        var count = checked((int)Count(tensor));
        if (count == 0) return tensor;
        var buffer = new byte[count];
        try
        {
            stream.ReadExactly(buffer);
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
        if (dtype == ScalarType.Bool && buffer.Any(b => b > 1))
        {
            tensor.Dispose();
            throw new InvalidDataException("bool values must be stored as the bytes 0 and 1");
        }
        tensor.bytes = buffer;
        return tensor;
    }
}
