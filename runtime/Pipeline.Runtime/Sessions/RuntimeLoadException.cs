namespace Pipeline.Runtime.Sessions;

/// <summary>
/// An execution provider could not be loaded or started: its message carries ONNX Runtime's own,
/// the library that is missing or does not load (<see cref="Diagnosis"/>), and the fix.
/// </summary>
public sealed class RuntimeLoadException : Exception
{
    internal RuntimeLoadException(ExecutionProvider provider, ProviderDiagnosis diagnosis, Exception inner)
        : base(Describe(provider, diagnosis, inner.Message), inner)
    {
        Provider = provider;
        Diagnosis = diagnosis.Problem;
    }

    /// <summary>The provider that failed.</summary>
    public ExecutionProvider Provider { get; }

    /// <summary>Which library is missing or does not load, and why.</summary>
    public string Diagnosis { get; }

    /// <summary>The native ONNX Runtime package with the CUDA and TensorRT providers, at the version the runtime is built against.</summary>
    public const string GpuPackage = "Microsoft.ML.OnnxRuntime.Gpu 1.31.0";

    private static string Describe(ExecutionProvider provider, ProviderDiagnosis diagnosis, string reason)
    {
        var gpuLibraries = "CUDA 13 (libcudart.so.13, libcublas.so.13, libcublasLt.so.13) and cuDNN 9 (libcudnn.so.9)" +
                           (provider == ExecutionProvider.TensorRT ? " and TensorRT (libnvinfer)" : "");
        var fix = diagnosis.ProvidersMissing
            ? $"reference the NuGet package {GpuPackage} instead of Microsoft.ML.OnnxRuntime in the application: it puts " +
              $"libonnxruntime_providers_shared.so, _cuda.so and _tensorrt.so beside libonnxruntime.so; they also need {gpuLibraries} on LD_LIBRARY_PATH"
            : $"put {gpuLibraries} on LD_LIBRARY_PATH, for example the lib folders of the nvidia-* pip packages of a CUDA 13 PyTorch";
        return $"The {provider} execution provider could not be loaded: {reason.Trim()}\n{diagnosis.Problem}\n" +
               $"Fix: {fix}; or set RuntimeOptions.AllowCpuFallback to run on the CPU.";
    }
}
