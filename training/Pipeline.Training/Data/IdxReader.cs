using System.Buffers.Binary;
using System.IO.Compression;

namespace Pipeline.Data;

/// <summary>
/// Reads unsigned-byte IDX files (the MNIST format), gzip-compressed or not: a big-endian
/// header (magic 2051 and count, rows, columns for images; 2049 and count for labels)
/// followed by the bytes. Every problem is a <see cref="DatasetException"/>.
/// </summary>
public static class IdxReader
{
    /// <summary>Magic number of an image file (unsigned bytes, 3 dimensions).</summary>
    public const int ImagesMagic = 2051;

    /// <summary>Magic number of a label file (unsigned bytes, 1 dimension).</summary>
    public const int LabelsMagic = 2049;

    private const string DefaultRemedy = "replace it with a complete IDX file";

    /// <summary>Reads an image file; <paramref name="remedy"/> is the fix its errors suggest.</summary>
    public static (byte[] Pixels, int Count, int Rows, int Columns) ReadImages(string path, string remedy = DefaultRemedy)
    {
        var (data, dims) = Read(path, ImagesMagic, 3, remedy);
        return (data, dims[0], dims[1], dims[2]);
    }

    /// <summary>Reads a label file; <paramref name="remedy"/> is the fix its errors suggest.</summary>
    public static byte[] ReadLabels(string path, string remedy = DefaultRemedy) => Read(path, LabelsMagic, 1, remedy).Data;

    private static (byte[] Data, int[] Dims) Read(string path, int magic, int dimCount, string remedy)
    {
        if (!File.Exists(path))
            throw new DatasetException($"{path} does not exist: {remedy}", path);
        try
        {
            using var stream = Open(path);
            var header = new byte[4 * (1 + dimCount)];
            stream.ReadExactly(header);
            var found = BinaryPrimitives.ReadInt32BigEndian(header);
            if (found != magic)
                throw new DatasetException($"{path} has magic number {found}, not {magic} ({Describe(magic)}): {remedy}", path);

            var dims = new int[dimCount];
            long size = 1;
            for (var d = 0; d < dimCount; d++)
            {
                dims[d] = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 * (d + 1)));
                if (dims[d] < 0) throw new DatasetException($"{path} declares a negative size {dims[d]}: {remedy}", path);
                size *= dims[d];
                if (size > Array.MaxLength)
                    throw new DatasetException($"{path} declares more than {Array.MaxLength} bytes: {remedy}", path);
            }

            // Read in chunks: memory follows the data that is really there, not the size a damaged header announces.
            using var data = new MemoryStream();
            var chunk = new byte[1 << 20];
            while (data.Length < size)
            {
                var read = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, size - data.Length));
                if (read == 0)
                    throw new DatasetException($"{path} is truncated: its header announces {size} bytes of data but it ends after {data.Length}: {remedy}", path);
                data.Write(chunk, 0, read);
            }
            if (stream.ReadByte() != -1)
                throw new DatasetException($"{path} holds more data than its header announces ({size} bytes): {remedy}", path);
            return (data.ToArray(), dims);
        }
        catch (EndOfStreamException e)
        {
            throw new DatasetException($"{path} is truncated: it ends inside its header: {remedy}", path, e);
        }
        catch (InvalidDataException e)
        {
            throw new DatasetException($"{path} is corrupt ({e.Message}): {remedy}", path, e);
        }
        catch (IOException e)
        {
            throw new DatasetException($"{path} cannot be read ({e.Message}): {remedy}", path, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new DatasetException($"{path} cannot be read ({e.Message}): {remedy}", path, e);
        }
    }

    /// <summary>The file as a stream of IDX bytes, decompressed when it starts with the gzip signature.</summary>
    private static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var first = file.ReadByte();
        var second = file.ReadByte();
        file.Position = 0;
        if (first == 0x1f && second == 0x8b) return new GZipStream(file, CompressionMode.Decompress);
        return new BufferedStream(file);
    }

    private static string Describe(int magic) => magic == ImagesMagic ? "an IDX image file" : "an IDX label file";
}
