using Microsoft.ML.OnnxRuntime;
using NUnit.Framework;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Sessions;

/// <summary>
/// The runtime brings ONNX Runtime's managed API only; this test project stands for an app that chose the CPU
/// native package (Microsoft.ML.OnnxRuntime), as NuGet resolves it.
/// </summary>
public class NativeLibraryTests : LinearModelFixture
{
    [Test]
    public void TheRuntimeReferencesTheManagedOnnxRuntimeAndNoNativeLibraryOfItsOwn()
    {
        var references = typeof(OnnxSession).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.That(references, Does.Contain("Microsoft.ML.OnnxRuntime"));
        var runtimeFolder = Path.GetDirectoryName(typeof(OnnxSession).Assembly.Location)!;
        Assert.That(File.ReadAllText(Path.Combine(runtimeFolder, "Pipeline.Runtime.Tests.deps.json")),
            Does.Contain("\"Microsoft.ML.OnnxRuntime.Managed/1.31.").And.Contain("\"Microsoft.ML.OnnxRuntime/1.31."),
            "the managed API comes with the runtime, the native package with the app");
    }

    [Test]
    public void TheAppsNativePackageIsOnnxRuntime131OnTheCpu()
    {
        using var session = OnnxSession.Open(ModelPath);

        Assert.That(OrtEnv.Instance().GetVersionString(), Does.StartWith("1.31."));
        Assert.That(OrtEnv.Instance().GetAvailableProviders(), Does.Contain("CPUExecutionProvider"));
        var loaded = File.ReadLines("/proc/self/maps").Where(l => l.EndsWith("/libonnxruntime.so", StringComparison.Ordinal))
                         .Select(l => l[l.IndexOf('/')..]).Distinct().ToList();
        Assert.That(loaded, Is.EqualTo(new[] { Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so") }),
            "the native package's libonnxruntime.so, which NuGet puts beside the app's assemblies");
    }
}
