using NUnit.Framework;
using Pipeline.Tensors;

namespace Pipeline.Tests.Tensors;

public class TensorCreationTests
{
    [Test]
    public void ZerosHaveShapeDtypeAndValues()
    {
        using var t = Torch.Zeros(2, 3);
        Assert.That(t.Shape, Is.EqualTo(new long[] { 2, 3 }));
        Assert.That(t.DType, Is.EqualTo(DType.Float32));
        Assert.That(t.ToArray<float>(), Is.All.EqualTo(0f));
    }

    [Test]
    public void RoundTripsArrays()
    {
        var data = new double[] { 1, 2, 3, 4, 5, 6 };
        using var t = Tensor.From(data, 3, 2);
        Assert.That(t.DType, Is.EqualTo(DType.Float64));
        Assert.That(t.ToArray<double>(), Is.EqualTo(data));
    }
}
