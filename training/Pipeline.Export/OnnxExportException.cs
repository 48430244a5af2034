namespace Pipeline.Export;

/// <summary>A module or an option cannot be exported; the message names what and how to fix it.</summary>
public class OnnxExportException : Exception
{
    /// <summary>Creates the exception with its message.</summary>
    public OnnxExportException(string message) : base(message)
    {
    }
}
