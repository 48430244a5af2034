using System.Runtime.InteropServices;

namespace Pipeline.Runtime.Sessions;

/// <summary>
/// Finds which library stops a GPU provider from loading. ONNX Runtime's exception only says "Failed to
/// load shared library"; it loads the providers from the directory of libonnxruntime.so, so this looks
/// there, in ORT's order, and asks the dynamic loader why a library that is present does not load.
/// </summary>
internal static class ProviderLibraries
{
    private const string OnnxRuntimeLibrary = "libonnxruntime.so";

    /// <summary>Names the first missing or unloadable library of <paramref name="provider"/>, or says that all load.</summary>
    public static ProviderDiagnosis Diagnose(ExecutionProvider provider)
    {
        var directory = OnnxRuntimeDirectory();
        foreach (var name in For(provider))
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
                return new($"{path} is missing (ONNX Runtime loads its providers from the directory of {OnnxRuntimeLibrary}).", true);
            try
            {
                NativeLibrary.Free(NativeLibrary.Load(path));
            }
            catch (DllNotFoundException error)
            {
                return new($"{name} is present but does not load: {LoaderReason(error)}", false);
            }
        }
        return new($"The {provider} provider libraries in {directory} load; the GPU or its driver may be unavailable.", false);
    }

    /// <summary>The dynamic loader's own words (the last line of .NET's message), e.g. "libcudart.so.13: cannot open shared object file".</summary>
    private static string LoaderReason(DllNotFoundException error) =>
        error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? error.Message;

    private static string[] For(ExecutionProvider provider) => provider switch
    {
        ExecutionProvider.TensorRT =>
            ["libonnxruntime_providers_shared.so", "libonnxruntime_providers_tensorrt.so", "libonnxruntime_providers_cuda.so"],
        _ => ["libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"],
    };

    /// <summary>The directory of the libonnxruntime.so this process loaded (from /proc/self/maps), else the application's.</summary>
    private static string OnnxRuntimeDirectory()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var at = line.IndexOf('/');
                if (at >= 0 && line.EndsWith("/" + OnnxRuntimeLibrary, StringComparison.Ordinal))
                    return Path.GetDirectoryName(line[at..])!;
            }
        }
        catch (IOException)
        {
            // Not Linux, or /proc is not mounted: fall back to where the build puts the library.
        }
        catch (UnauthorizedAccessException)
        {
        }
        return AppContext.BaseDirectory;
    }
}
