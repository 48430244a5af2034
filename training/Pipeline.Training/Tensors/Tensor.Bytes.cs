using Pipeline.Tensors.Native;

namespace Pipeline.Tensors;

public sealed partial class Tensor
{
    // Span lengths are ints: raw copies go through spans of at most this many bytes.
    private const int ByteChunk = 1 << 30;

    /// <summary>Size of the elements in bytes (number of elements × element size).</summary>
    internal long ByteCount => checked(NumberOfElements * DType.ElementSize());

    /// <summary>
    /// Writes the elements' bytes to <paramref name="stream"/> in row-major order and the
    /// machine's byte order, copying to a contiguous CPU tensor first when needed.
    /// </summary>
    internal unsafe void WriteBytes(Stream stream)
    {
        using var cpu = Cpu();
        using var contiguous = cpu.Contiguous();
        var bytes = contiguous.ByteCount;
        if (bytes == 0) return;
        var data = (byte*)NativeMethods.Check(NativeMethods.pl_tensor_data_ptr(contiguous.Handle));
        for (long offset = 0; offset < bytes; offset += ByteChunk)
            stream.Write(new ReadOnlySpan<byte>(data + offset, (int)Math.Min(ByteChunk, bytes - offset)));
    }

    /// <summary>
    /// Reads a new CPU tensor of <paramref name="shape"/> and <paramref name="dtype"/> from the
    /// raw bytes (row-major, machine byte order) at the stream's position. Bool bytes must be 0 or 1.
    /// </summary>
    internal static unsafe Tensor ReadBytes(Stream stream, DType dtype, long[] shape)
    {
        var tensor = Torch.Empty(shape, dtype);
        try
        {
            var bytes = tensor.ByteCount;
            if (bytes == 0) return tensor;
            var data = (byte*)NativeMethods.Check(NativeMethods.pl_tensor_data_ptr(tensor.Handle));
            for (long offset = 0; offset < bytes; offset += ByteChunk)
            {
                var chunk = new Span<byte>(data + offset, (int)Math.Min(ByteChunk, bytes - offset));
                stream.ReadExactly(chunk);
                if (dtype == DType.Bool && chunk.ContainsAnyExceptInRange((byte)0, (byte)1))
                    throw new InvalidDataException("bool values must be stored as the bytes 0 and 1");
            }
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }
}
