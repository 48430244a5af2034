using NUnit.Framework;

namespace Pipeline.Runtime.Tests.Sessions;

public class NativeLibraryTests
{
    [Test]
    public void TheGpuCapableOnnxRuntimeLibraryIsBesideTheAssemblies()
    {
        var library = Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so");

        Assert.That(File.Exists(library), Is.True, "the build copies onnxruntime-node's libonnxruntime.so.1 here");
        // onnxruntime-node's build exports the CUDA bridge; the CPU-only one of the Unity package does not.
        Assert.That(ContainsAscii(File.ReadAllBytes(library), "OrtSessionOptionsAppendExecutionProvider_CUDA"), Is.True);
    }

    private static bool ContainsAscii(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(needle)) >= 0;
}
