namespace Pipeline.Data;

/// <summary>Finds dataset folders that live inside the repository (e.g. node_modules).</summary>
internal static class DatasetDirectory
{
    /// <summary>
    /// The first folder <c>start/relativePath</c>, trying <paramref name="starts"/> and each of
    /// their parents in turn; null when none exists.
    /// </summary>
    public static string? FindUpwards(string relativePath, params string[] starts)
    {
        foreach (var start in starts)
        {
            for (var folder = new DirectoryInfo(Path.GetFullPath(start)); folder is not null; folder = folder.Parent)
            {
                var candidate = Path.Combine(folder.FullName, relativePath);
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
