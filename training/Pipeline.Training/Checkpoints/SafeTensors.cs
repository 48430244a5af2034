using Pipeline.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Checkpoints;

/// <summary>
/// Reads and writes the safetensors format (as the Hugging Face library and PyTorch tooling do):
/// an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and
/// byte range, then the tensors' little-endian row-major bytes, packed in order.
/// </summary>
public static class SafeTensors
{
    /// <summary>
    /// Writes <paramref name="tensors"/> (any device, any layout: they are copied to the CPU
    /// row-major) and <paramref name="metadata"/> to <paramref name="path"/>, atomically: the file is
    /// replaced only once everything is on disk, and left as it was when writing fails.
    /// Missing directories are created. With <paramref name="dataHashKey"/>, the SHA-256 of the data section (every tensor's
    /// bytes, in order) is added to the metadata under that key, and <see cref="Read(string)"/> checks it.
    /// </summary>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null,
        string? dataHashKey = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(tensors);
        RequireLittleEndian();
        if (metadata is not null)
            foreach (var (key, value) in metadata)
                if (value is null) throw new ArgumentException($"metadata '{key}' is null: pass a string (empty if need be)", nameof(metadata));
        if (dataHashKey is not null)
        {
            using var hashing = new HashingStream();
            foreach (var (_, tensor) in tensors) TensorBytes.Write(tensor, hashing);
            metadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { [dataHashKey] = hashing.Finish() };
        }
        AtomicFile.Write(path, stream => WriteTo(stream, tensors, metadata));
    }

    /// <summary>The metadata key under which <see cref="Write"/> records the data section's SHA-256 for checkpoints.</summary>
    public const string DataHashKey = "pipeline.data_sha256";

    /// <summary>Reads every tensor (onto the CPU) and the metadata; throws <see cref="CheckpointException"/> for a missing, damaged or foreign file.</summary>
    public static SafeTensorsFile Read(string path) => Read(path, checkMetadata: null);

    /// <summary>Reads the file; <paramref name="checkMetadata"/> may refuse it (by throwing) before any tensor data is read.</summary>
    internal static SafeTensorsFile Read(string path, Action<IReadOnlyDictionary<string, string>>? checkMetadata)
    {
        RequireLittleEndian();
        using var stream = Open(path);
        var header = SafeTensorsHeaderReader.Read(stream, path);
        checkMetadata?.Invoke(header.Metadata);
        if (header.Metadata.TryGetValue(DataHashKey, out var expected)) VerifyData(stream, header.DataStart, expected, path);
        var tensors = new OrderedDictionary<string, Tensor>();
        var current = string.Empty;
        try
        {
            foreach (var entry in header.Entries)
            {
                current = entry.Name;
                stream.Position = header.DataStart + entry.Begin;
                tensors.Add(entry.Name, TensorBytes.Read(stream, entry.DType, entry.Shape).DetachFromDisposeScope());
            }
        }
        catch (Exception e)
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            if (e is IOException or InvalidDataException)
                throw new CheckpointException(path, $"could not read tensor '{current}' of '{path}': {e.Message}; the file is damaged, write it again", e);
            throw;
        }
        return new SafeTensorsFile(path, tensors, header.Metadata);
    }

    /// <summary>Reads only the header's metadata strings (the header is validated, the tensor data is not read).</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var stream = Open(path);
        return SafeTensorsHeaderReader.Read(stream, path).Metadata;
    }

    /// <summary>Hashes the data section and compares it with the recorded SHA-256.</summary>
    private static void VerifyData(Stream stream, long dataStart, string expected, string path)
    {
        stream.Position = dataStart;
        var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
            throw new CheckpointException(path, $"the tensor data of '{path}' does not match the SHA-256 its header records: the file was damaged after it was written; use an earlier checkpoint, or train again");
    }

    private static void WriteTo(Stream stream, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var items = tensors.ToList();
        var entries = new List<SafeTensorsEntry>(items.Count);
        long offset = 0;
        foreach (var (name, tensor) in items)
        {
            if (string.IsNullOrEmpty(name) || name == SafeTensorsHeaderReader.MetadataKey)
                throw new ArgumentException($"'{name}' cannot name a tensor in a safetensors file: use a non-empty name other than {SafeTensorsHeaderReader.MetadataKey}", nameof(tensors));
            if (tensor is null) throw new ArgumentException($"tensor '{name}' is null: pass a tensor or leave the name out", nameof(tensors));
            var bytes = TensorBytes.Count(tensor);
            entries.Add(new SafeTensorsEntry(name, tensor.dtype, tensor.shape, offset, offset + bytes));
            offset += bytes;
        }
        stream.Write(SafeTensorsHeaderWriter.Encode(entries, metadata));
        foreach (var (_, tensor) in items) TensorBytes.Write(tensor, stream);
    }

    private static FileStream Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            var what = Directory.Exists(path) ? "is a directory, not a file" : "does not exist";
            throw new CheckpointException(path, $"'{path}' {what}: pass the path of a safetensors file (check the path, or train and save a model first)");
        }
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException(path, $"'{path}' cannot be opened: {e.Message}", e);
        }
    }

    private static void RequireLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("safetensors data is little-endian and Pipeline copies it as is: run on a little-endian machine");
    }
}
