namespace Pipeline.Runtime.Sessions;

/// <summary>The ONNX Runtime execution provider that runs a model.</summary>
public enum ExecutionProvider
{
    /// <summary>ONNX Runtime's CPU kernels; always available.</summary>
    Cpu,

    /// <summary>NVIDIA CUDA (needs <c>make setup-gpu</c>, CUDA 13 and cuDNN 9).</summary>
    Cuda,

    /// <summary>NVIDIA TensorRT, with CUDA for the nodes TensorRT does not take (needs <c>make setup-gpu</c> and TensorRT).</summary>
    TensorRT,
}
