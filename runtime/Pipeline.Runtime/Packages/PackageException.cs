namespace Pipeline.Runtime.Packages;

/// <summary>An exported package cannot be used; the message names the file, the problem and the fix.</summary>
public sealed class PackageException : Exception
{
    public PackageException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}
