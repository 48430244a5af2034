namespace Pipeline.Runtime.Sessions;

/// <summary>The ONNX Runtime execution provider that runs a model.</summary>
public enum ExecutionProvider
{
    /// <summary>ONNX Runtime's CPU kernels; always available.</summary>
    Cpu,

    /// <summary>NVIDIA CUDA: needs the app's native package to be <c>Microsoft.ML.OnnxRuntime.Gpu</c>, and CUDA 13 and cuDNN 9.</summary>
    Cuda,

    /// <summary>NVIDIA TensorRT, with CUDA for the nodes TensorRT does not take (needs what <see cref="Cuda"/> needs, and TensorRT).</summary>
    TensorRT,
}
