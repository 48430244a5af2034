namespace Pipeline.Runtime.Sessions;

/// <summary>A model file exists but ONNX Runtime cannot load it: not ONNX, damaged, or using an unsupported operator.</summary>
public sealed class ModelFormatException : Exception
{
    /// <summary>Creates the error for the model at <paramref name="path"/>, wrapping ONNX Runtime's error.</summary>
    public ModelFormatException(string path, Exception inner)
        : base($"'{path}' is not an ONNX model that ONNX Runtime can load: {inner.Message.Trim()}\n" +
               "Fix: pass the path of an .onnx file exported by Pipeline (export it again if it was cut short).", inner)
    {
        ModelPath = path;
    }

    /// <summary>The full path of the model file.</summary>
    public string ModelPath { get; }
}
