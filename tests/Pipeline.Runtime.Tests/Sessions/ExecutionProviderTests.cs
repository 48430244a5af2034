using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Sessions;

/// <summary>GPU providers on a machine without GPU libraries: a clear error, or the CPU when fallback is allowed.</summary>
public class ExecutionProviderTests : LinearModelFixture
{
    [TestCase(ExecutionProvider.Cuda)]
    [TestCase(ExecutionProvider.TensorRT)]
    public void AGpuProviderThatCannotLoadNamesTheMissingLibraryAndTheFix(ExecutionProvider provider)
    {
        RuntimeLoadException? error = null;
        try
        {
            using var session = OnnxSession.Open(ModelPath, new RuntimeOptions { Provider = provider });
        }
        catch (RuntimeLoadException e)
        {
            error = e;
        }
        if (error is null) Assert.Ignore($"{provider} loaded: this machine has the GPU libraries");

        Assert.That(error.Provider, Is.EqualTo(provider));
        Assert.That(error.Diagnosis, Does.Match(@"lib\w+\.so"), "the diagnosis names a library");
        Assert.That(error.Message, Does.Contain(error.Diagnosis));
        Assert.That(error.Message, Does.Contain(error.InnerException!.Message.Trim()), "ONNX Runtime's own message");
        Assert.That(error.Message, Does.Contain("Fix: ").And.Contain("LD_LIBRARY_PATH").And.Contain("AllowCpuFallback"));
        if (error.Diagnosis.Contains("libonnxruntime_providers_") && error.Diagnosis.Contains("is missing"))
            Assert.That(error.Message, Does.Contain("reference the NuGet package Microsoft.ML.OnnxRuntime.Gpu 1.31.0"),
                "without the provider libraries, the fix is the Gpu native package");
        TestContext.Out.WriteLine(error.Message);
    }

    [Test]
    public void WithFallbackAMissingCudaProviderRunsOnTheCpuAndSaysSo()
    {
        using var session = OnnxSession.Open(ModelPath, new RuntimeOptions { Provider = ExecutionProvider.Cuda, AllowCpuFallback = true });
        if (session.Provider == ExecutionProvider.Cuda) Assert.Ignore("CUDA loaded: this machine has the GPU libraries");

        Assert.That(session.RequestedProvider, Is.EqualTo(ExecutionProvider.Cuda));
        Assert.That(session.Provider, Is.EqualTo(ExecutionProvider.Cpu));
        Assert.That(session.FallbackReason, Does.Contain("Fix: ").And.Contain("LD_LIBRARY_PATH"));
        Assert.That(session.FallbackReason, Does.Match(@"lib\w+_providers_\w+\.so|lib\w+\.so\.\d+"));
        var x = LinearModelRunner.Inputs(3);
        Assert.That(LinearModelRunner.Run(session, x), Is.EqualTo(LinearModel.Compute(x)).Within(1e-5f));
    }

    [Test]
    public void GpuSessionsOpenedAtOnceLeaveOnnxRuntimesLogLevelAsItWas()
    {
        // Each GPU open silences ONNX Runtime's logger while the provider loads: openings on several threads at once must
        // not leave it silenced.
        var environment = Microsoft.ML.OnnxRuntime.OrtEnv.Instance();
        var before = environment.EnvLogLevel;
        var options = new RuntimeOptions { Provider = ExecutionProvider.Cuda, AllowCpuFallback = true };
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            using var session = OnnxSession.Open(ModelPath, options);
        });
        Assert.That(environment.EnvLogLevel, Is.EqualTo(before));
    }
}
