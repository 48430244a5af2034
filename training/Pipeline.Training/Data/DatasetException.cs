namespace Pipeline.Data;

/// <summary>
/// A dataset is missing, incomplete or malformed. The message names the file or folder,
/// the problem, and how to fix it (usually: run <c>make setup</c>).
/// </summary>
public sealed class DatasetException : Exception
{
    /// <summary>Creates the exception with a complete message (problem and fix).</summary>
    public DatasetException(string message, string? path = null, Exception? inner = null)
        : base(message, inner)
    {
        Path = path;
    }

    /// <summary>The file or folder at fault, when there is one.</summary>
    public string? Path { get; }
}
