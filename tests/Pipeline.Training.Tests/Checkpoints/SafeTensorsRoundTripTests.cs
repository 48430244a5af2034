using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Checkpoints;

public class SafeTensorsRoundTripTests
{
    [Test]
    public void EveryDTypeShapeAndValueRoundTrips()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var original = SampleTensors.Create();
        var path = dir.File("all.safetensors");

        SafeTensors.Write(path, original, SampleTensors.Metadata);
        using var read = SafeTensors.Read(path);

        Assert.That(read.Tensors.Keys, Is.EqualTo(original.Keys));
        Assert.That(read.Metadata, Is.EquivalentTo(SampleTensors.Metadata));
        foreach (var (name, expected) in original)
        {
            var actual = read.Tensors[name];
            Assert.That(actual.dtype, Is.EqualTo(expected.dtype), name);
            Assert.That(actual.shape, Is.EqualTo(expected.shape), name);
            Assert.That(actual.device_type, Is.EqualTo(DeviceType.CPU), name);
            Assert.That(actual.Equals(expected), Is.True, () => $"{name}: {actual.ToString(TorchSharp.TensorStringStyle.Julia)} != {expected.ToString(TorchSharp.TensorStringStyle.Julia)}");
        }
        Assert.That(read.Tensors["scalar"].dim(), Is.Zero);
        Assert.That(read.Tensors["i64"].data<long>().ToArray(), Is.EqualTo(new[] { long.MaxValue, long.MinValue, 0L, -7L }));
    }

    [Test]
    public void NonContiguousTensorsAreWrittenRowMajor()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var matrix = torch.tensor(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, new long[] { 2, 3 });
        var transposed = matrix.transpose(0, 1);
        Assert.That(transposed.is_contiguous(), Is.False);

        SafeTensors.Write(dir.File("t.safetensors"), new Dictionary<string, Tensor> { ["t"] = transposed });
        using var read = SafeTensors.Read(dir.File("t.safetensors"));

        Assert.That(read.Tensors["t"].shape, Is.EqualTo(new long[] { 3, 2 }));
        Assert.That(read.Tensors["t"].data<float>().ToArray(), Is.EqualTo(new[] { 1f, 4f, 2f, 5f, 3f, 6f }));
    }

    [Test]
    public void CudaTensorsAreWrittenFromTheCpuCopy()
    {
        if (!torch.cuda.is_available()) Assert.Ignore("no CUDA device");
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var onGpu = torch.tensor(new[] { 1.5f, -2.5f, 8f }, new long[] { 3 }).to(torch.CUDA);
        Assert.That(onGpu.device_type, Is.EqualTo(DeviceType.CUDA));

        SafeTensors.Write(dir.File("gpu.safetensors"), new Dictionary<string, Tensor> { ["g"] = onGpu });
        using var read = SafeTensors.Read(dir.File("gpu.safetensors"));

        Assert.That(read.Tensors["g"].device_type, Is.EqualTo(DeviceType.CPU));
        Assert.That(read.Tensors["g"].data<float>().ToArray(), Is.EqualTo(new[] { 1.5f, -2.5f, 8f }));
    }

    [Test]
    public void AFileWithoutTensorsKeepsItsMetadata()
    {
        using var dir = new TempDirectory();
        SafeTensors.Write(dir.File("empty.safetensors"), new Dictionary<string, Tensor>(), SampleTensors.Metadata);

        using var read = SafeTensors.Read(dir.File("empty.safetensors"));

        Assert.That(read.Tensors, Is.Empty);
        Assert.That(SafeTensors.ReadMetadata(dir.File("empty.safetensors")), Is.EquivalentTo(SampleTensors.Metadata));
    }

    [Test]
    public void WritingCreatesMissingDirectoriesAndReplacesAnExistingFile()
    {
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "a", "b", "x.safetensors");
        using var scope = torch.NewDisposeScope();

        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["x"] = torch.tensor(new[] { 1L, 2L }, new long[] { 2 }) });
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["y"] = torch.tensor(new[] { 3.5, 4.5, 5.5 }, new long[] { 3 }) });
        using var read = SafeTensors.Read(path);

        Assert.That(read.Tensors.Keys, Is.EqualTo(new[] { "y" }));
        Assert.That(read.Tensors["y"].data<double>().ToArray(), Is.EqualTo(new[] { 3.5, 4.5, 5.5 }));
        Assert.That(dir.Files(), Is.EqualTo(new[] { Path.Combine("a", "b", "x.safetensors") }));
    }

    [Test]
    public void TensorsReadInsideADisposeScopeBelongToTheFile()
    {
        using var dir = new TempDirectory();
        using (var writeScope = torch.NewDisposeScope())
            SafeTensors.Write(dir.File("x.safetensors"), new Dictionary<string, Tensor> { ["x"] = torch.tensor(new[] { 1f, 2f }, new long[] { 2 }) });

        SafeTensorsFile read;
        using (var scope = torch.NewDisposeScope()) read = SafeTensors.Read(dir.File("x.safetensors"));

        var tensor = read.Tensors["x"];
        Assert.That(tensor.IsInvalid, Is.False);
        Assert.That(tensor.data<float>().ToArray(), Is.EqualTo(new[] { 1f, 2f }));
        read.Dispose();
        Assert.That(tensor.IsInvalid, Is.True);
    }

    [Test]
    public void AReservedOrEmptyTensorNameIsRefused()
    {
        using var dir = new TempDirectory();
        using var scope = torch.NewDisposeScope();
        var bad = new Dictionary<string, Tensor> { ["__metadata__"] = torch.tensor(new[] { 1f }, new long[] { 1 }) };

        Assert.That(() => SafeTensors.Write(dir.File("x.safetensors"), bad),
            Throws.ArgumentException.With.Message.Contains("__metadata__"));
        Assert.That(dir.Files(), Is.Empty);
    }
}
