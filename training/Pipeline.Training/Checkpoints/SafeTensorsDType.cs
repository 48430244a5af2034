using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>The dtype codes of the safetensors header ("F32", "BF16", ...).</summary>
internal static class SafeTensorsDType
{
    private static readonly (ScalarType DType, string Code)[] Codes =
    {
        (ScalarType.Float32, "F32"),
        (ScalarType.Float64, "F64"),
        (ScalarType.Float16, "F16"),
        (ScalarType.BFloat16, "BF16"),
        (ScalarType.Int64, "I64"),
        (ScalarType.Int32, "I32"),
        (ScalarType.Int16, "I16"),
        (ScalarType.Int8, "I8"),
        (ScalarType.Byte, "U8"),
        (ScalarType.Bool, "BOOL"),
    };

    /// <summary>The codes Pipeline reads and writes, for error messages.</summary>
    public static string Supported => string.Join(", ", Codes.Select(c => c.Code));

    public static string Code(ScalarType dtype)
    {
        foreach (var (d, code) in Codes)
            if (d == dtype) return code;
        throw new ArgumentException($"dtype {dtype} cannot be stored in a safetensors file (supported: {Supported}): convert the tensor with to(ScalarType) first");
    }

    public static bool TryParse(string code, out ScalarType dtype)
    {
        foreach (var (d, c) in Codes)
        {
            if (c != code) continue;
            dtype = d;
            return true;
        }
        dtype = default;
        return false;
    }

    /// <summary>Bytes per element of <paramref name="dtype"/>.</summary>
    public static int ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };
}
