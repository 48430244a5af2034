using Pipeline.Tensors;

namespace Pipeline.Tests.Checkpoints;

/// <summary>One tensor of every supported dtype, with extreme values, plus 0-dim and empty tensors.</summary>
internal static class SampleTensors
{
    public static readonly IReadOnlyDictionary<string, string> Metadata = new Dictionary<string, string>
    {
        ["note"] = "round trip",
        ["unicode"] = "é ✓ \"quoted\" \\ back",
        ["config"] = "{\"hidden\": [64, 32], \"lr\": 0.001}",
        ["empty"] = "",
    };

    /// <summary>New tensors (registered in the current dispose scope, if any).</summary>
    public static OrderedDictionary<string, Tensor> Create() => new()
    {
        ["f32"] = Tensor.From(new[] { 0.1f, -1.5f, 3.25f, float.MaxValue, float.Epsilon, -0f }, 2, 3),
        ["f64"] = Tensor.From(new[] { Math.PI, -1e300, double.Epsilon }, 3),
        ["i64"] = Tensor.From(new[] { long.MaxValue, long.MinValue, 0L, -7L }, 2, 2),
        ["i32"] = Tensor.From(new[] { int.MinValue, 12345, -1 }, 3),
        ["i16"] = Tensor.From(new short[] { short.MaxValue, -300 }, 2),
        ["i8"] = Tensor.From(new sbyte[] { -128, 127, 0 }, 3),
        ["u8"] = Tensor.From(new byte[] { 0, 1, 200, 255 }, 4),
        ["bool"] = Tensor.From(new[] { true, false, false, true }, 2, 2),
        ["f16"] = Tensor.From(new[] { (Half)0.5, (Half)(-2), Half.MaxValue }, 3),
        ["bf16"] = Bf16(1f, -0.5f, 3.140625f, 256f),
        ["scalar"] = Tensor.FromScalar(42.5f),
        ["empty"] = Torch.Zeros(new long[] { 0, 3 }),
        ["empty_i64"] = Torch.Zeros(new long[] { 2, 0 }, DType.Int64),
    };

    private static Tensor Bf16(params float[] values)
    {
        using var f32 = Tensor.From(values, values.Length);
        return f32.To(DType.BFloat16);
    }
}
