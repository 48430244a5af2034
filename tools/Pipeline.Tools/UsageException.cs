namespace Pipeline.Tools;

/// <summary>A bad command-line value; the message says what to pass instead.</summary>
internal sealed class UsageException : Exception
{
    public UsageException(string message) : base(message)
    {
    }
}
