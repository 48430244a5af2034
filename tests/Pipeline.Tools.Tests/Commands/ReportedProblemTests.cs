using NUnit.Framework;
using Pipeline.Runtime.Packages;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>
/// The problems the reliability issue reports, as a new user met them, each fixed: a corrupt package is refused, an
/// impossible count is named with its range, and resuming from nothing says so (a missing CUDA provider without ONNX
/// Runtime's own log line: <see cref="GpuPackageTests"/>).
/// </summary>
public sealed class ReportedProblemTests : DamagedPackageFixture
{
    [Test]
    public void BytesFlippedInASealedDecoderAreRefusedBeforeAnyImageIsWritten()
    {
        var decoder = Package.File("decoder.onnx");
        var bytes = File.ReadAllBytes(decoder);
        var random = new Random(200);
        for (var i = 0; i < 200; i++) bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
        File.WriteAllBytes(decoder, bytes);
        var output = Fixture.File("damaged.png");
        var (code, text) = ToolsProcess.Run("sample", "--model", Package.Path, "--out", output);
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(ToolsProcess.Flat(text), Does.Contain("decoder.onnx").And.Contain("match its SHA-256 in the manifest").And.Contain("export it again"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void AnImpossibleCountIsNamedWithItsRange()
    {
        var (code, text) = ToolsProcess.Run("sample", "--model", Package.Path, "--count", "2000000000", "--out", Fixture.File("many.png"));
        Assert.That(code, Is.EqualTo(2), text);
        Assert.That(ToolsProcess.Flat(text), Does.Contain("ask for 1 to 2,739,137 images").And.Not.Contain("   at "));
    }

    [Test]
    public void ResumingWhereThereIsNoCheckpointSaysSo()
    {
        var (code, text) = ToolsProcess.Run("train", "autoencoder", "--data", "digits", "--max-steps", "2", "--resume", "--out", Fixture.File("none/ae.safetensors"));
        Assert.That(code, Is.EqualTo(0), text);
        Assert.That(ToolsProcess.Flat(text), Does.Contain("there is no checkpoint at").And.Contain("starts from step 0"));
    }
}
