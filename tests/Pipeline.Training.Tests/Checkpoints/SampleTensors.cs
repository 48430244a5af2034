using TorchSharp;
using static TorchSharp.torch;

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
        ["f32"] = torch.tensor(new[] { 0.1f, -1.5f, 3.25f, float.MaxValue, float.Epsilon, -0f }, new long[] { 2, 3 }),
        ["f64"] = torch.tensor(new[] { Math.PI, -1e300, double.Epsilon }, new long[] { 3 }),
        ["i64"] = torch.tensor(new[] { long.MaxValue, long.MinValue, 0L, -7L }, new long[] { 2, 2 }),
        ["i32"] = torch.tensor(new[] { int.MinValue, 12345, -1 }, new long[] { 3 }),
        ["i16"] = torch.tensor(new short[] { short.MaxValue, -300 }, new long[] { 2 }),
        ["i8"] = torch.tensor(new sbyte[] { -128, 127, 0 }, new long[] { 3 }),
        ["u8"] = torch.tensor(new byte[] { 0, 1, 200, 255 }, new long[] { 4 }),
        ["bool"] = torch.tensor(new[] { true, false, false, true }, new long[] { 2, 2 }),
        ["f16"] = torch.tensor(new[] { (Half)0.5, (Half)(-2), Half.MaxValue }, new long[] { 3 }),
        ["bf16"] = Bf16(1f, -0.5f, 3.140625f, 256f),
        ["scalar"] = torch.tensor(42.5f),
        ["empty"] = torch.zeros(new long[] { 0, 3 }),
        ["empty_i64"] = torch.zeros(new long[] { 2, 0 }, ScalarType.Int64),
    };

    private static Tensor Bf16(params float[] values)
    {
        using var f32 = torch.tensor(values, new long[] { values.Length });
        return f32.to(ScalarType.BFloat16);
    }
}
