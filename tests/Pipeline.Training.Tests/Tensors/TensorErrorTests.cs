using NUnit.Framework;
using Pipeline.Nn;
using Pipeline.Tensors;

namespace Pipeline.Tests.Tensors;

/// <summary>Bad input is a C# exception carrying libtorch's message, never a crash.</summary>
public class TensorErrorTests
{
    [Test]
    public void MismatchedMatMulShapesThrowLibtorchsMessage()
    {
        using var a = Torch.Zeros(2, 3);
        using var b = Torch.Zeros(4, 5);
        var error = Assert.Throws<TorchException>(() => a.MatMul(b));
        Assert.That(error!.Message, Does.Contain("2x3").And.Contain("4x5"));
    }

    [Test]
    public void NonBroadcastableShapesThrow()
    {
        using var a = Torch.Zeros(2, 3);
        using var b = Torch.Zeros(4);
        var error = Assert.Throws<TorchException>(() => a.Add(b));
        Assert.That(error!.Message, Does.Contain("must match the size"));
    }

    [Test]
    public void ConvolutionOfWrongChannelCountThrows()
    {
        using var x = Torch.Zeros(1, 3, 8, 8);
        using var w = Torch.Zeros(4, 2, 3, 3);
        var error = Assert.Throws<TorchException>(() => Functional.Conv2d(x, w));
        Assert.That(error!.Message, Does.Contain("channels"));
    }

    [Test]
    public void DTypeMismatchesThrow()
    {
        using var logits = Torch.Zeros(2, 3);
        using var floatTargets = Torch.Zeros(new long[] { 2 });
        Assert.Throws<TorchException>(() => Functional.NllLoss(logits, floatTargets));
        using var longs = Torch.Zeros(new long[] { 2 }, DType.Int64);
        var error = Assert.Throws<InvalidOperationException>(() => longs.ToArray<float>());
        Assert.That(error!.Message, Does.Contain("int64").And.Contain("To(DType.Float32)"));
    }

    [Test]
    public void WrongElementCountThrows()
    {
        var error = Assert.Throws<ArgumentException>(() => Tensor.From(new float[5], 2, 3));
        Assert.That(error!.Message, Does.Contain("6 elements").And.Contain("5 values"));
        using var t = Torch.Zeros(6);
        Assert.Throws<TorchException>(() => t.View(4, 2));
    }

    [Test]
    public void ErrorsDoNotLeakIntoLaterCalls()
    {
        using var a = Torch.Zeros(2, 3);
        Assert.Throws<TorchException>(() => a.Reshape(7));
        using var b = a.Reshape(3, 2);
        Assert.That(b.Shape, Is.EqualTo(new long[] { 3, 2 }));
    }

    [Test]
    public void UsingADisposedTensorThrows()
    {
        var t = Torch.Zeros(2);
        t.Dispose();
        var error = Assert.Throws<ObjectDisposedException>(() => t.Sum());
        Assert.That(error!.Message, Does.Contain("disposed"));
    }
}
