using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Pipeline.Runtime.Tests.Support;

/// <summary>
/// A minimal PNG reader for tests, independent of the writer: splits chunks, checks each CRC with a
/// bit-by-bit CRC-32, and inflates IDAT back to pixels (8-bit, filter type 0 only).
/// </summary>
internal sealed class PngFile
{
    private PngFile(List<(string Type, byte[] Data, bool CrcOk)> chunks) => Chunks = chunks;

    public List<(string Type, byte[] Data, bool CrcOk)> Chunks { get; }

    public int Width => BinaryPrimitives.ReadInt32BigEndian(Chunk("IHDR"));
    public int Height => BinaryPrimitives.ReadInt32BigEndian(Chunk("IHDR").AsSpan(4));
    public int BitDepth => Chunk("IHDR")[8];
    public int ColorType => Chunk("IHDR")[9];
    public int Channels => ColorType == 2 ? 3 : 1;

    public static byte[] Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    public static PngFile Parse(byte[] file)
    {
        if (!file.AsSpan(0, 8).SequenceEqual(Signature)) throw new InvalidDataException("not a PNG signature");
        var chunks = new List<(string, byte[], bool)>();
        var at = 8;
        while (at < file.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(at));
            var typeAndData = file.AsSpan(at + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at + 8 + length));
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray(), BitwiseCrc32(typeAndData) == crc));
            at += 12 + length;
        }
        return new PngFile(chunks);
    }

    public byte[] Chunk(string type) => Chunks.First(c => c.Type == type).Data;

    /// <summary>The pixels, rows top to bottom, after removing each row's filter byte (which must be 0).</summary>
    public byte[] Pixels()
    {
        var compressed = Chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray();
        using var inflater = new ZLibStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var rows = raw.ToArray();
        var rowBytes = Width * Channels;
        if (rows.Length != Height * (rowBytes + 1)) throw new InvalidDataException($"IDAT inflates to {rows.Length} bytes");
        var pixels = new byte[Height * rowBytes];
        for (var y = 0; y < Height; y++)
        {
            if (rows[y * (rowBytes + 1)] != 0) throw new InvalidDataException($"row {y} has filter {rows[y * (rowBytes + 1)]}");
            Array.Copy(rows, y * (rowBytes + 1) + 1, pixels, y * rowBytes, rowBytes);
        }
        return pixels;
    }

    /// <summary>CRC-32 one bit at a time (polynomial 0xEDB88320), the textbook form.</summary>
    public static uint BitwiseCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
        }
        return ~crc;
    }
}
