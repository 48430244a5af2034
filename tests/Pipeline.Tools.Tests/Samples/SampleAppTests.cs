using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Samples;

/// <summary>
/// The runtime as a game or app takes it: tools/pack-runtime.sh packs it into the local feed, samples/Pipeline.Sample
/// restores it from there as a NuGet package (a version of its own each run), builds, and generates an image frame by frame.
/// </summary>
public class SampleAppTests
{
    private static (int Code, string Output) Run(string file, params string[] arguments) =>
        ToolsProcess.RunProgram(file, arguments, TimeSpan.FromMinutes(4), Repository.Root!);

    [Test]
    public void TheSampleAppGeneratesAnImageFromThePackedRuntime()
    {
        using var directory = new TempDirectory();
        var version = $"0.1.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";
        var image = directory.File("sample.pgm");

        var (packCode, packOutput) = Run("bash", "tools/pack-runtime.sh", version);
        Assert.That(packCode, Is.EqualTo(0), packOutput);
        var (code, output) = Run("dotnet", "run", "--project", "samples/Pipeline.Sample", "-c", "Release",
                                 $"-p:PipelineRuntimeVersion={version}", "--", Repository.Exported("ddpm"), image);

        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("ddpm: 50 frames"));
        var bytes = File.ReadAllBytes(image);
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 13), Is.EqualTo("P5\n28 28\n255\n"));
        Assert.That(bytes.Length, Is.EqualTo(13 + 28 * 28));
        var assets = File.ReadAllText(Path.Combine(Repository.Root!, "samples", "Pipeline.Sample", "obj", "project.assets.json"));
        Assert.That(assets, Does.Contain($"\"Pipeline.Runtime/{version}\""), "the runtime came as a package, not a project");
    }
}
