namespace Pipeline.Checkpoints;

/// <summary>
/// A checkpoint or safetensors file cannot be read or does not fit what it is loaded into.
/// The message names the file, the problem and what to do about it.
/// </summary>
public sealed class CheckpointException : Exception
{
    public CheckpointException(string path, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
    }

    /// <summary>The file the problem is about.</summary>
    public string Path { get; }
}
