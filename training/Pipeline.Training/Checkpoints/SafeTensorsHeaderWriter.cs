using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pipeline.Checkpoints;

/// <summary>Encodes the start of a safetensors file: the 8-byte header length, then the JSON header padded with spaces.</summary>
internal static class SafeTensorsHeaderWriter
{
    /// <summary>Data starts at a multiple of this many bytes, as the format recommends.</summary>
    public const int Alignment = 8;

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The bytes that precede the data area: length prefix, JSON, padding.</summary>
    public static byte[] Encode(IReadOnlyList<SafeTensorsEntry> entries, IReadOnlyDictionary<string, string>? metadata)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, Options))
        {
            writer.WriteStartObject();
            if (metadata is { Count: > 0 }) WriteMetadata(writer, metadata);
            foreach (var entry in entries) WriteEntry(writer, entry);
            writer.WriteEndObject();
        }
        var headerLength = (json.WrittenCount + Alignment - 1) / Alignment * Alignment;
        var bytes = new byte[sizeof(ulong) + headerLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerLength);
        json.WrittenSpan.CopyTo(bytes.AsSpan(sizeof(ulong)));
        bytes.AsSpan(sizeof(ulong) + json.WrittenCount).Fill((byte)' ');
        return bytes;
    }

    private static void WriteMetadata(Utf8JsonWriter writer, IReadOnlyDictionary<string, string> metadata)
    {
        writer.WriteStartObject(SafeTensorsHeaderReader.MetadataKey);
        foreach (var (key, value) in metadata) writer.WriteString(key, value);
        writer.WriteEndObject();
    }

    private static void WriteEntry(Utf8JsonWriter writer, SafeTensorsEntry entry)
    {
        writer.WriteStartObject(entry.Name);
        writer.WriteString("dtype", SafeTensorsDType.Code(entry.DType));
        writer.WriteStartArray("shape");
        foreach (var size in entry.Shape) writer.WriteNumberValue(size);
        writer.WriteEndArray();
        writer.WriteStartArray("data_offsets");
        writer.WriteNumberValue(entry.Begin);
        writer.WriteNumberValue(entry.End);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
