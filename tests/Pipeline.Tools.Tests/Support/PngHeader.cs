using System.Buffers.Binary;

namespace Pipeline.Tools.Tests.Support;

/// <summary>What the tests check of a written PNG: its signature and the size in its IHDR chunk.</summary>
internal static class PngHeader
{
    public static readonly byte[] Signature = { 137, 80, 78, 71, 13, 10, 26, 10 };

    /// <summary>True when the file starts with the PNG signature followed by an IHDR chunk.</summary>
    public static bool IsPng(byte[] file) =>
        file.Length > 24 && file.AsSpan(0, 8).SequenceEqual(Signature) && System.Text.Encoding.ASCII.GetString(file, 12, 4) == "IHDR";

    /// <summary>Width and height from the IHDR chunk.</summary>
    public static (int Width, int Height) Size(byte[] file) =>
        (BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(20)));
}
