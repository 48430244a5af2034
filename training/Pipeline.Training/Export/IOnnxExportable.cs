namespace Pipeline.Export;

/// <summary>A module that can write its forward pass (in evaluation mode) into an ONNX graph.</summary>
public interface IOnnxExportable
{
    /// <summary>Adds the nodes computing this module on <paramref name="input"/>; returns the output value's name.</summary>
    string ExportOnnx(OnnxGraph graph, string input);
}
