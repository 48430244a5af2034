using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Checkpoints;

/// <summary>A failed write leaves the previous file byte for byte and no temporary file behind.</summary>
public class SafeTensorsAtomicWriteTests
{
    private static byte[] WritePrevious(string path)
    {
        using var scope = torch.NewDisposeScope();
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["old"] = torch.tensor(new[] { 1f, 2f, 3f }, new long[] { 3 }) },
            new Dictionary<string, string> { ["version"] = "previous" });
        return File.ReadAllBytes(path);
    }

    [Test]
    public void ADisposedTensorLeavesThePreviousFileUntouched()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        var previous = WritePrevious(path);
        using var scope = torch.NewDisposeScope();
        var disposed = torch.tensor(new[] { 4f }, new long[] { 1 });
        disposed.Dispose();
        var tensors = new OrderedDictionary<string, Tensor> { ["big"] = torch.ones(1000, 1000), ["gone"] = disposed };

        Assert.That(() => SafeTensors.Write(path, tensors), Throws.InstanceOf<InvalidOperationException>());

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(previous));
        Assert.That(dir.Files(), Is.EqualTo(new[] { "model.safetensors" }));
    }

    [Test]
    public void AFailureWhileEnumeratingLeavesThePreviousFileUntouched()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        var previous = WritePrevious(path);
        using var scope = torch.NewDisposeScope();
        var tensors = new FailingTensorDictionary(new[] { KeyValuePair.Create("x", torch.ones(256, 256)) });

        Assert.That(() => SafeTensors.Write(path, tensors), Throws.TypeOf<IOException>().With.Message.Contains("simulated"));

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(previous));
        Assert.That(dir.Files(), Is.EqualTo(new[] { "model.safetensors" }));
    }

    [Test]
    public void AFailedFirstWriteLeavesNoFileAtAll()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var tensors = new FailingTensorDictionary(new[] { KeyValuePair.Create("x", torch.ones(4)) });

        Assert.That(() => SafeTensors.Write(dir.File("new.safetensors"), tensors), Throws.TypeOf<IOException>());

        Assert.That(dir.Files(), Is.Empty);
    }

    [Test]
    public void ASuccessfulWriteReplacesTheFileAndLeavesNoTemporaryFile()
    {
        using var dir = new TempDirectory();
        var path = dir.File("model.safetensors");
        var previous = WritePrevious(path);
        using var scope = torch.NewDisposeScope();

        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["new"] = torch.tensor(new[] { 9L }, new long[] { 1 }) });

        Assert.That(File.ReadAllBytes(path), Is.Not.EqualTo(previous));
        Assert.That(dir.Files(), Is.EqualTo(new[] { "model.safetensors" }));
        using var read = SafeTensors.Read(path);
        Assert.That(read.Tensors.Keys, Is.EqualTo(new[] { "new" }));
    }

    [Test]
    public void WritingOverADirectoryIsRefused()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("taken"));
        using var scope = torch.NewDisposeScope();

        Assert.That(() => SafeTensors.Write(dir.File("taken"), new Dictionary<string, Tensor> { ["x"] = torch.ones(1) }),
            Throws.ArgumentException.With.Message.Contains("is a directory"));
    }
}
