using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>One tensor of a safetensors header: its bytes are [Begin, End) of the data area.</summary>
internal sealed record SafeTensorsEntry(string Name, ScalarType DType, long[] Shape, long Begin, long End)
{
    public long ByteCount => End - Begin;

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
