using System.Buffers.Binary;
using System.IO.Compression;

namespace Pipeline.Tests.Data;

/// <summary>Builds small IDX files (optionally gzip-compressed) for reader tests.</summary>
internal static class IdxFiles
{
    public static byte[] Images(int count, int rows, int columns, byte[] payload, int magic = 2051) =>
        Concat(Header(magic, count, rows, columns), payload);

    public static byte[] Labels(int count, byte[] payload, int magic = 2049) => Concat(Header(magic, count), payload);

    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(content);
        return output.ToArray();
    }

    public static byte[] Gunzip(string path)
    {
        using var input = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>Writes a gzip Fashion-MNIST-style pair <c>{prefix}-images-idx3-ubyte.gz</c> / labels into a folder.</summary>
    public static void WritePair(string folder, string prefix, byte[] imagesContent, byte[] labelsContent)
    {
        File.WriteAllBytes(Path.Combine(folder, $"{prefix}-images-idx3-ubyte.gz"), Gzip(imagesContent));
        File.WriteAllBytes(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte.gz"), Gzip(labelsContent));
    }

    private static byte[] Header(params int[] values)
    {
        var header = new byte[4 * values.Length];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4 * i), values[i]);
        return header;
    }

    private static byte[] Concat(byte[] a, byte[] b) => a.Concat(b).ToArray();
}
