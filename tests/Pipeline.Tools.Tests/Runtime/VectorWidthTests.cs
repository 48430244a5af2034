using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>
/// The loops' C# arithmetic (the categorical draws, the flows' passes, e^x) gives the same bits on every vector width, end
/// to end: `sample` writes the same PNG bytes with the JIT's vectors at 512 bits, at 256 (no AVX-512), at 128 (no AVX, the
/// width of Arm) and with none. The switches change .NET's code only; ONNX Runtime's networks run as before.
/// </summary>
public class VectorWidthTests
{
    private static readonly Dictionary<string, string>[] Widths =
    [
        new() { ["DOTNET_EnableAVX512F"] = "0" },
        new() { ["DOTNET_EnableAVX"] = "0" },
        new() { ["DOTNET_EnableHWIntrinsic"] = "0" },
    ];

    [TestCase("pixelcnn-256")]
    [TestCase("vqvae")]
    [TestCase("realnvp")]
    public void SamplesAreTheSameBytesOnEveryVectorWidth(string name)
    {
        using var directory = new TempDirectory();
        var (code, output) = ToolsProcess.Run("sample", "--model", Repository.Exported(name), "--count", "8", "--out", directory.File("native.png"));
        Assert.That(code, Is.EqualTo(0), output);
        var native = File.ReadAllBytes(directory.File("native.png"));
        foreach (var width in Widths)
        {
            var png = directory.File($"{width.Keys.Single()}.png");
            (code, output) = ToolsProcess.RunWith(width, "sample", "--model", Repository.Exported(name), "--count", "8", "--out", png);
            Assert.That(code, Is.EqualTo(0), output);
            Assert.That(File.ReadAllBytes(png), Is.EqualTo(native), $"{width.Keys.Single()}=0 changed the images");
        }
    }
}
