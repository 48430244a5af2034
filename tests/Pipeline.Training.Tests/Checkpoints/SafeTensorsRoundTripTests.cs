using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Tensors;

namespace Pipeline.Tests.Checkpoints;

public class SafeTensorsRoundTripTests
{
    [Test]
    public void EveryDTypeShapeAndValueRoundTrips()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        var original = SampleTensors.Create();
        var path = dir.File("all.safetensors");

        SafeTensors.Write(path, original, SampleTensors.Metadata);
        using var read = SafeTensors.Read(path);

        Assert.That(read.Tensors.Keys, Is.EqualTo(original.Keys));
        Assert.That(read.Metadata, Is.EquivalentTo(SampleTensors.Metadata));
        foreach (var (name, expected) in original)
        {
            var actual = read.Tensors[name];
            Assert.That(actual.DType, Is.EqualTo(expected.DType), name);
            Assert.That(actual.Shape, Is.EqualTo(expected.Shape), name);
            Assert.That(actual.Device.Type, Is.EqualTo(DeviceType.Cpu), name);
            Assert.That(actual.Equal(expected), Is.True, $"{name}: {actual} != {expected}");
        }
        Assert.That(read.Tensors["scalar"].Dim, Is.Zero);
        Assert.That(read.Tensors["i64"].ToArray<long>(), Is.EqualTo(new[] { long.MaxValue, long.MinValue, 0L, -7L }));
    }

    [Test]
    public void NonContiguousTensorsAreWrittenRowMajor()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        var matrix = Tensor.From(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2, 3);
        var transposed = matrix.Transpose(0, 1);
        Assert.That(transposed.IsContiguous, Is.False);

        SafeTensors.Write(dir.File("t.safetensors"), new Dictionary<string, Tensor> { ["t"] = transposed });
        using var read = SafeTensors.Read(dir.File("t.safetensors"));

        Assert.That(read.Tensors["t"].Shape, Is.EqualTo(new long[] { 3, 2 }));
        Assert.That(read.Tensors["t"].ToArray<float>(), Is.EqualTo(new[] { 1f, 4f, 2f, 5f, 3f, 6f }));
    }

    [Test]
    public void CudaTensorsAreWrittenFromTheCpuCopy()
    {
        if (!Torch.CudaIsAvailable) Assert.Ignore("no CUDA device");
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        var onGpu = Tensor.From(new[] { 1.5f, -2.5f, 8f }, 3).To(Device.Cuda());

        SafeTensors.Write(dir.File("gpu.safetensors"), new Dictionary<string, Tensor> { ["g"] = onGpu });
        using var read = SafeTensors.Read(dir.File("gpu.safetensors"));

        Assert.That(read.Tensors["g"].Device.Type, Is.EqualTo(DeviceType.Cpu));
        Assert.That(read.Tensors["g"].ToArray<float>(), Is.EqualTo(new[] { 1.5f, -2.5f, 8f }));
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
        using var scope = DisposeScope.Enter();

        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["x"] = Tensor.From(new[] { 1L, 2L }, 2) });
        SafeTensors.Write(path, new Dictionary<string, Tensor> { ["y"] = Tensor.From(new[] { 3.5, 4.5, 5.5 }, 3) });
        using var read = SafeTensors.Read(path);

        Assert.That(read.Tensors.Keys, Is.EqualTo(new[] { "y" }));
        Assert.That(read.Tensors["y"].ToArray<double>(), Is.EqualTo(new[] { 3.5, 4.5, 5.5 }));
        Assert.That(dir.Files(), Is.EqualTo(new[] { Path.Combine("a", "b", "x.safetensors") }));
    }

    [Test]
    public void TensorsReadInsideADisposeScopeBelongToTheFile()
    {
        using var dir = new TempDirectory();
        using (var writeScope = DisposeScope.Enter())
            SafeTensors.Write(dir.File("x.safetensors"), new Dictionary<string, Tensor> { ["x"] = Tensor.From(new[] { 1f, 2f }, 2) });

        SafeTensorsFile read;
        using (var scope = DisposeScope.Enter()) read = SafeTensors.Read(dir.File("x.safetensors"));

        var tensor = read.Tensors["x"];
        Assert.That(tensor.IsDisposed, Is.False);
        Assert.That(tensor.ToArray<float>(), Is.EqualTo(new[] { 1f, 2f }));
        read.Dispose();
        Assert.That(tensor.IsDisposed, Is.True);
    }

    [Test]
    public void AReservedOrEmptyTensorNameIsRefused()
    {
        using var dir = new TempDirectory();
        using var scope = DisposeScope.Enter();
        var bad = new Dictionary<string, Tensor> { ["__metadata__"] = Tensor.From(new[] { 1f }, 1) };

        Assert.That(() => SafeTensors.Write(dir.File("x.safetensors"), bad),
            Throws.ArgumentException.With.Message.Contains("__metadata__"));
        Assert.That(dir.Files(), Is.Empty);
    }
}
