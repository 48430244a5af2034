using System.Buffers.Binary;
using System.IO.Compression;
using Pipeline.Checkpoints;
using Pipeline.Runtime.Packages;
using TorchSharp;

namespace Pipeline.Tools.Fuzzing;

/// <summary>
/// Well-formed seeds for each target, for AFL++ to mutate (and for the tests): a shipped package's manifest and decoder, a
/// small checkpoint, IDX files plain and gzipped, a digit file.
/// </summary>
public static class FuzzCorpus
{
    /// <summary>The seeds of <paramref name="target"/>; <paramref name="package"/> is an exported package folder to take a manifest and a network from.</summary>
    public static IReadOnlyList<byte[]> Seeds(string target, string package) => target switch
    {
        "manifest" => [File.ReadAllBytes(Path.Combine(package, ManifestJson.FileName))],
        "package" => [Package(package)],
        "safetensors" => [Checkpoint()],
        "idx" => [Idx(gzip: false), Idx(gzip: true), Labels()],
        "digits" => ["{\"data\": [0, 0.25, 0.5, 1, 1, 0]}"u8.ToArray()],
        _ => throw new ArgumentException($"no fuzz target '{target}'"),
    };

    /// <summary>The package in the target's layout: the manifest's size and bytes, then each network file's size and bytes.</summary>
    private static byte[] Package(string package)
    {
        var manifest = File.ReadAllBytes(Path.Combine(package, ManifestJson.FileName));
        if (manifest.Length > ushort.MaxValue) throw new ArgumentException($"{package}'s manifest is over {ushort.MaxValue} bytes: seed the package target with a smaller package");
        var seed = new List<byte>();
        var size = new byte[4];
        BinaryPrimitives.WriteUInt16BigEndian(size, (ushort)manifest.Length);
        seed.AddRange(size.AsSpan(0, 2).ToArray());
        seed.AddRange(manifest);
        var files = FuzzTargets.NetworkFiles(manifest) ?? [];
        for (var k = 0; k < files.Count; k++)
        {
            var file = File.ReadAllBytes(Path.Combine(package, files[k]));
            if (k < files.Count - 1)
            {
                BinaryPrimitives.WriteUInt32BigEndian(size, (uint)file.Length);
                seed.AddRange(size);
            }
            seed.AddRange(file);
        }
        return seed.ToArray();
    }

    private static byte[] Checkpoint()
    {
        var path = Path.Combine(Path.GetTempPath(), $"fuzz-seed-{Guid.NewGuid():N}.safetensors");
        try
        {
            torch.random.manual_seed(1);
            using var model = torch.nn.Linear(3, 2);
            Checkpoints.Checkpoint.Save(path, new CheckpointContents { Kind = "linear", ConfigJson = "{}", Step = 1, Model = model });
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Idx(bool gzip)
    {
        var bytes = new byte[16 + 2 * 4 * 4];
        BinaryPrimitives.WriteInt32BigEndian(bytes, Pipeline.Data.IdxReader.ImagesMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 2);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), 4);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), 4);
        for (var i = 16; i < bytes.Length; i++) bytes[i] = (byte)(i * 7);
        if (!gzip) return bytes;
        using var compressed = new MemoryStream();
        using (var zip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) zip.Write(bytes);
        return compressed.ToArray();
    }

    private static byte[] Labels()
    {
        var bytes = new byte[8 + 3];
        BinaryPrimitives.WriteInt32BigEndian(bytes, Pipeline.Data.IdxReader.LabelsMagic);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), 3);
        bytes[8] = 1;
        bytes[9] = 9;
        return bytes;
    }
}
