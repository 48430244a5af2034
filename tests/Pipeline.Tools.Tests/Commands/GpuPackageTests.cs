using Microsoft.ML.OnnxRuntime;
using NUnit.Framework;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>The tools run on the design card's Microsoft.ML.OnnxRuntime.Gpu: the CPU here, CUDA where CUDA 13 is.</summary>
public class GpuPackageTests
{
    [Test]
    public void TheToolsOnnxRuntimeIs131WithTheCudaAndTensorRtProviders()
    {
        Assert.That(OrtEnv.Instance().GetVersionString(), Does.StartWith("1.31."));
        Assert.That(OrtEnv.Instance().GetAvailableProviders(),
            Is.SupersetOf(new[] { "TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider" }));
    }

    [Test]
    public void SamplingOnCudaWithoutCudaNamesTheMissingLibraryAndTheFixWithoutOnnxRuntimesOwnLogLine()
    {
        if (File.Exists("/dev/nvidia0")) Assert.Ignore("this machine has an NVIDIA GPU");
        using var directory = new Pipeline.Tests.Support.TempDirectory();

        var (code, output) = ToolsProcess.Run("sample", "--model", Repository.Exported("vae-mlp"), "--provider", "cuda",
                                              "--count", "1", "--out", directory.File("x.png"));

        var flat = ToolsProcess.Flat(output);
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(flat, Does.Contain("The Cuda execution provider could not be loaded"));
        Assert.That(flat, Does.Match(@"lib\w+\.so\.\d+"), "the library at fault, e.g. libcudart.so.13 or libcublasLt.so.13");
        Assert.That(flat, Does.Contain("Fix: ").And.Contain("LD_LIBRARY_PATH"));
        Assert.That(output, Does.Not.Contain("[E:onnxruntime"), "ONNX Runtime's own error log line");
        Assert.That(output.TrimStart(), Does.StartWith("error:"), "the project's message is the first thing printed");
    }
}
