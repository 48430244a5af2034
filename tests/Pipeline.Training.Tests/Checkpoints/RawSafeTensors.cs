using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Pipeline.Tests.Checkpoints;

/// <summary>Builds and takes apart safetensors bytes by hand, independently of the code under test.</summary>
internal static class RawSafeTensors
{
    /// <summary>The 8-byte little-endian length of <paramref name="headerJson"/>, the JSON itself (unpadded), then <paramref name="data"/>.</summary>
    public static byte[] Build(string headerJson, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    /// <summary>The header length, the header text (with its padding) and the data area of a file's bytes.</summary>
    public static (ulong Length, string HeaderText, byte[] Data) Split(byte[] bytes)
    {
        var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)length);
        return (length, header, bytes[(8 + (int)length)..]);
    }

    public static JsonDocument Header(byte[] bytes) => JsonDocument.Parse(Split(bytes).HeaderText);
}
