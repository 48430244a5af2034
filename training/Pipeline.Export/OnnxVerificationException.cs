namespace Pipeline.Export;

/// <summary>The exported graph, run by ONNX Runtime, disagrees with TorchSharp beyond the tolerance; nothing was written.</summary>
public sealed class OnnxVerificationException : OnnxExportException
{
    /// <summary>Creates the exception for the largest difference found.</summary>
    public OnnxVerificationException(string message, double maxDifference) : base(message) => MaxDifference = maxDifference;

    /// <summary>The largest absolute difference between ONNX Runtime's and TorchSharp's outputs.</summary>
    public double MaxDifference { get; }
}
