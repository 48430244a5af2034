using Pipeline.Tensors;

namespace Pipeline.Checkpoints;

/// <summary>The dtype codes of the safetensors header ("F32", "BF16", ...).</summary>
internal static class SafeTensorsDType
{
    private static readonly (DType DType, string Code)[] Codes =
    {
        (DType.Float32, "F32"),
        (DType.Float64, "F64"),
        (DType.Float16, "F16"),
        (DType.BFloat16, "BF16"),
        (DType.Int64, "I64"),
        (DType.Int32, "I32"),
        (DType.Int16, "I16"),
        (DType.Int8, "I8"),
        (DType.UInt8, "U8"),
        (DType.Bool, "BOOL"),
    };

    /// <summary>The codes Pipeline reads and writes, for error messages.</summary>
    public static string Supported => string.Join(", ", Codes.Select(c => c.Code));

    public static string Code(DType dtype)
    {
        foreach (var (d, code) in Codes)
            if (d == dtype) return code;
        throw new ArgumentException($"dtype {dtype} cannot be stored in a safetensors file (supported: {Supported}): convert the tensor with To(DType) first");
    }

    public static bool TryParse(string code, out DType dtype)
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
}
