using Pipeline.IO;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Pipeline.Runtime.Images;

/// <summary>Writes 8-bit grayscale and RGB PNG files (no interlacing, filter type 0 on every row).</summary>
public static class PngWriter
{
    /// <summary>The eight bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>
    /// Writes <paramref name="image"/> to <paramref name="path"/> atomically: a complete file or, on failure,
    /// the previous file untouched. Creates the directory when missing.
    /// </summary>
    public static void Write(string path, Image image)
    {
        ArgumentNullException.ThrowIfNull(image);
        AtomicFile.Write(path, stream => Write(stream, image));
    }

    /// <summary>Writes <paramref name="image"/> as PNG to <paramref name="stream"/>.</summary>
    public static void Write(Stream stream, Image image)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(image);
        stream.Write(Signature);
        WriteChunk(stream, "IHDR", Header(image));
        WriteChunk(stream, "IDAT", CompressRows(image));
        WriteChunk(stream, "IEND", []);
    }

    /// <summary>The PNG file of <paramref name="image"/> as bytes.</summary>
    public static byte[] Encode(Image image)
    {
        using var memory = new MemoryStream();
        Write(memory, image);
        return memory.ToArray();
    }

    private static byte[] Header(Image image)
    {
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8;                   // bit depth
        header[9] = (byte)image.Format;  // colour type: 0 grayscale, 2 RGB
        header[10] = 0;                  // compression: zlib deflate
        header[11] = 0;                  // filter method: adaptive, type per row
        header[12] = 0;                  // no interlace
        return header;
    }

    private static byte[] CompressRows(Image image)
    {
        var rowBytes = image.Width * image.Channels;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < image.Height; y++)
            {
                zlib.WriteByte(0); // filter type 0: the row as it is
                zlib.Write(image.Pixels, y * rowBytes, rowBytes);
            }
        }
        return compressed.ToArray();
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        stream.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = Crc32.Finish(Crc32.Update(Crc32.Update(Crc32.Start, typeBytes), data));
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        stream.Write(word);
    }
}
