using TorchSharp;
using static TorchSharp.torch;
using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Unicode;

namespace Pipeline.Checkpoints;

/// <summary>
/// Reads and validates the header of a safetensors file: the length prefix, the JSON, every
/// entry's dtype, shape and offsets, and the layout of the data area (see <see cref="SafeTensorsLayout"/>).
/// </summary>
internal static class SafeTensorsHeaderReader
{
    public const string MetadataKey = "__metadata__";

    /// <summary>Headers larger than this are refused (the limit of the reference implementation).</summary>
    private const long MaxHeaderBytes = 100_000_000;

    public static SafeTensorsHeader Read(Stream stream, string path)
    {
        var fileLength = stream.Length;
        if (fileLength < sizeof(ulong))
            throw Truncated(path, $"it has {fileLength} bytes, fewer than the 8 of the header length");
        Span<byte> prefix = stackalloc byte[sizeof(ulong)];
        stream.Position = 0;
        stream.ReadExactly(prefix);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - sizeof(ulong)))
            throw Truncated(path, $"its header length says {headerLength} bytes but only {fileLength - sizeof(ulong)} follow");
        if (headerLength > MaxHeaderBytes)
            throw Invalid(path, $"the header has {headerLength} bytes, more than the {MaxHeaderBytes} safetensors allows");

        var json = new byte[headerLength];
        stream.ReadExactly(json);
        var dataStart = sizeof(ulong) + (long)headerLength;
        var (entries, metadata) = Parse(json, path);
        SafeTensorsLayout.Check(entries, fileLength - dataStart, path);
        return new SafeTensorsHeader(entries, metadata, dataStart);
    }

    private static (List<SafeTensorsEntry> Entries, OrderedDictionary<string, string> Metadata) Parse(byte[] json, string path)
    {
        if (!Utf8.IsValid(json)) throw Invalid(path, "the header is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CheckpointException(path, $"'{path}' has an invalid JSON header ({e.Message}): it is not a safetensors file or it is damaged; pass an intact safetensors file", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw Invalid(path, $"the header is a JSON {document.RootElement.ValueKind}, not an object");
            var entries = new List<SafeTensorsEntry>();
            var metadata = new OrderedDictionary<string, string>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!names.Add(property.Name)) throw Invalid(path, $"'{property.Name}' appears twice in the header");
                if (property.Name == MetadataKey) ParseMetadata(property.Value, metadata, path);
                else entries.Add(ParseEntry(property.Name, property.Value, path));
            }
            return (entries, metadata);
        }
    }

    private static void ParseMetadata(JsonElement element, OrderedDictionary<string, string> metadata, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"{MetadataKey} is a JSON {element.ValueKind}, not an object of strings");
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Invalid(path, $"{MetadataKey} entry '{item.Name}' is a JSON {item.Value.ValueKind}, not a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
    }

    private static SafeTensorsEntry ParseEntry(string name, JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"tensor '{name}' is described by a JSON {element.ValueKind}, not an object");
        if (!element.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
            throw Invalid(path, $"tensor '{name}' has no \"dtype\" string");
        var code = dtypeElement.GetString()!;
        if (!SafeTensorsDType.TryParse(code, out var dtype))
            throw new CheckpointException(path, $"'{path}': tensor '{name}' has dtype '{code}', which Pipeline does not read (supported: {SafeTensorsDType.Supported}); convert the tensor to one of these before saving the file");
        var shape = ReadIntegers(element, "shape", name, path);
        var offsets = ReadIntegers(element, "data_offsets", name, path);
        if (offsets.Length != 2)
            throw Invalid(path, $"tensor '{name}' has {offsets.Length} data_offsets, not 2 ([begin, end])");
        var (begin, end) = (offsets[0], offsets[1]);
        if (end < begin) throw Invalid(path, $"tensor '{name}' ends (byte {end}) before it begins (byte {begin})");
        var entry = new SafeTensorsEntry(name, dtype, shape, begin, end);
        var expected = ByteCount(entry, path);
        if (expected != entry.ByteCount)
            throw Invalid(path, $"tensor '{name}' ({code} {entry.ShapeText}) needs {expected} bytes but its data_offsets [{begin}, {end}] span {entry.ByteCount}");
        return entry;
    }

    private static long[] ReadIntegers(JsonElement element, string property, string name, string path)
    {
        if (!element.TryGetProperty(property, out var array) || array.ValueKind != JsonValueKind.Array)
            throw Invalid(path, $"tensor '{name}' has no \"{property}\" array");
        var values = new long[array.GetArrayLength()];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out var value) || value < 0)
                throw Invalid(path, $"tensor '{name}' has {property} {item.GetRawText()}, not a non-negative integer");
            values[i++] = value;
        }
        return values;
    }

    private static long ByteCount(SafeTensorsEntry entry, string path)
    {
        try
        {
            long count = SafeTensorsDType.ElementSize(entry.DType);
            foreach (var size in entry.Shape) count = checked(count * size);
            return count;
        }
        catch (OverflowException)
        {
            throw Invalid(path, $"tensor '{entry.Name}' of shape {entry.ShapeText} is too large to address");
        }
    }

    internal static CheckpointException Truncated(string path, string detail) =>
        new(path, $"'{path}' is truncated or not a safetensors file: {detail}; write it again or pass an intact file");

    internal static CheckpointException Invalid(string path, string detail) =>
        new(path, $"'{path}' has an invalid safetensors header: {detail}; the file is damaged or was not written as safetensors");
}
