namespace Pipeline.Tools.Export;

/// <summary>An exported network does not compute what the model computes in TorchSharp; nothing was written.</summary>
public sealed class ExportVerificationException : Exception
{
    public ExportVerificationException(string message) : base(message)
    {
    }
}
