using NUnit.Framework;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>`train … --device`: a device TorchSharp cannot use is a plain error before any training, naming the fix.</summary>
public class TrainDeviceTests
{
    [Test]
    public void CudaWithoutACudaLibtorchNamesTheFix()
    {
        using var directory = new TempDirectory();
        var (code, output) = ToolsProcess.Run("train", "autoencoder", "--device", "cuda", "--max-steps", "1", "--out", directory.File("ae.safetensors"));
        var flat = ToolsProcess.Flat(output);
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(flat, Does.Contain("cuda is not available").And.Contain("--device cpu").And.Contain("TorchSharp-cuda-linux"));
        Assert.That(output, Does.Not.Contain(" at Pipeline.").And.Not.Contain("Unhandled"));
        Assert.That(directory.Entries(), Is.Empty, "no checkpoint was written");
    }

    [Test]
    public void AnUnknownDeviceIsAUsageError()
    {
        var (code, output) = ToolsProcess.Run("train", "autoencoder", "--device", "gpu", "--max-steps", "1");
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("--device 'gpu' is not a device: pass cpu, cuda or cuda:N"));
    }
}
