namespace Pipeline.Runtime.Packages;

/// <summary>An exported package cannot be used; the message names the file, the problem and the fix.</summary>
public sealed class PackageException : Exception
{
    /// <summary>Creates the error; the message should name the file, the problem and the fix.</summary>
    public PackageException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
