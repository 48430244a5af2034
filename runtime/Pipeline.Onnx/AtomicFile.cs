namespace Pipeline.IO;

/// <summary>
/// Writes a file all at once or not at all: the content goes to a temporary file in the same
/// directory, is flushed to disk, and then replaces the target by a rename. When writing fails the
/// temporary file is deleted and an existing file at the target is left as it was.
/// </summary>
public static class AtomicFile
{
    /// <summary>Creates (or replaces) <paramref name="path"/> with what <paramref name="write"/> writes, atomically.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var target = Path.GetFullPath(path);
        if (Directory.Exists(target))
            throw new ArgumentException($"'{target}' is a directory: pass the path of a file to write.", nameof(path));
        var directory = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // The original error matters more; a leftover temporary file is named as one.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>
    /// Deletes the temporary files an interrupted write of <paramref name="path"/> left beside it (a process killed between
    /// creating the temporary file and renaming it); the file itself is untouched. Returns how many were deleted.
    /// </summary>
    public static int RemoveTemporaries(string path)
    {
        var target = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(target)!;
        if (!Directory.Exists(directory)) return 0;
        var stale = Directory.GetFiles(directory, $".{Path.GetFileName(target)}.*.tmp");
        foreach (var file in stale) TryDelete(file);
        return stale.Length;
    }

    /// <summary>Creates (or replaces) <paramref name="path"/> with <paramref name="text"/> in UTF-8, atomically.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(text)));
}
