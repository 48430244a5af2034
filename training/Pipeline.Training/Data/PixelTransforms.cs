using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Data;

/// <summary>Turns pixel bytes into float model inputs as a <see cref="PixelTransform"/> says.</summary>
public static class PixelTransforms
{
    /// <summary>Whether the transform draws random numbers (so each call gives new values).</summary>
    public static bool IsRandom(this PixelTransform transform) =>
        transform is PixelTransform.DynamicBinarization or PixelTransform.UniformDequantization;

    /// <summary>
    /// A float32 tensor of <paramref name="shape"/> holding the transformed pixels. Random transforms draw
    /// from <paramref name="generator"/> (the default generator when null). The values are computed in
    /// <paramref name="buffer"/> when given (it must hold at least as many floats as there are pixels).
    /// </summary>
    public static Tensor Apply(PixelTransform transform, ReadOnlySpan<byte> pixels, long[] shape,
        Generator? generator = null, float[]? buffer = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var size in shape) count *= size;
        if (count != pixels.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} values but {pixels.Length} pixels were given", nameof(shape));
        if (buffer is not null && buffer.Length < pixels.Length)
            throw new ArgumentException($"the buffer holds {buffer.Length} floats but {pixels.Length} pixels were given: pass a larger buffer or none", nameof(buffer));
        var values = (buffer ?? new float[pixels.Length]).AsSpan(0, pixels.Length);
        Transform(transform, pixels, values, generator);
        var tensor = torch.empty(shape);
        tensor.data<float>().CopyFrom((ReadOnlySpan<float>)values);
        return tensor;
    }

    /// <summary>Writes the transformed <paramref name="pixels"/> into <paramref name="destination"/> (same length).</summary>
    public static void Transform(PixelTransform transform, ReadOnlySpan<byte> pixels, Span<float> destination, Generator? generator = null)
    {
        if (destination.Length != pixels.Length)
            throw new ArgumentException($"{pixels.Length} pixels cannot fill {destination.Length} floats", nameof(destination));
        switch (transform)
        {
            case PixelTransform.ZeroOne:
                for (var i = 0; i < pixels.Length; i++) destination[i] = pixels[i] / 255f;
                break;
            case PixelTransform.MinusOneOne:
                for (var i = 0; i < pixels.Length; i++) destination[i] = pixels[i] / 127.5f - 1f;
                break;
            case PixelTransform.DynamicBinarization:
                DrawUniform(destination, generator);
                // u < p with u ~ U[0,1) is a Bernoulli(p) draw.
                for (var i = 0; i < pixels.Length; i++) destination[i] = destination[i] * 255f < pixels[i] ? 1f : 0f;
                break;
            case PixelTransform.UniformDequantization:
                DrawUniform(destination, generator);
                for (var i = 0; i < pixels.Length; i++) destination[i] = Dequantize(pixels[i], destination[i]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(transform), transform, $"unknown pixel transform: use one of {string.Join(", ", Enum.GetNames<PixelTransform>())}");
        }
    }

    /// <summary>(x + u)/256 as a float strictly below (x + 1)/256, even where rounding would reach it.</summary>
    private static float Dequantize(byte pixel, float uniform)
    {
        var value = (float)((pixel + (double)uniform) / 256.0);
        var upper = (pixel + 1) / 256f;
        return value < upper ? value : MathF.BitDecrement(upper);
    }

    private static void DrawUniform(Span<float> destination, Generator? generator)
    {
        if (destination.Length == 0) return;
        using var uniform = torch.rand(new long[] { destination.Length }, generator: generator);
        uniform.data<float>().CopyTo(destination);
    }
}
