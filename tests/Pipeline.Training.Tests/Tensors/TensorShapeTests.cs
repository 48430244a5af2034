using NUnit.Framework;
using Pipeline.Tensors;

namespace Pipeline.Tests.Tensors;

public class TensorShapeTests
{
    private DisposeScope scope = null!;

    [SetUp]
    public void EnterScope() => scope = DisposeScope.Enter();

    [TearDown]
    public void ExitScope() => scope.Dispose();

    private static Tensor Range(long n, params long[] shape) => Torch.Arange(n).Reshape(shape);

    [Test]
    public void ReshapeViewPermuteTranspose()
    {
        var a = Range(24, 2, 3, 4);
        Assert.That(a.View(6, 4).Shape, Is.EqualTo(new long[] { 6, 4 }));
        Assert.That(a.Reshape(-1).Shape, Is.EqualTo(new long[] { 24 }));
        var p = a.Permute(2, 0, 1);
        Assert.That(p.Shape, Is.EqualTo(new long[] { 4, 2, 3 }));
        Assert.That(p.IsContiguous, Is.False);
        Assert.That(p.Contiguous().IsContiguous, Is.True);
        Assert.That(a.Transpose(0, 2).Shape, Is.EqualTo(new long[] { 4, 3, 2 }));
        Assert.That(a.Flatten(1).Shape, Is.EqualTo(new long[] { 2, 12 }));
        Assert.That(a.Unsqueeze(1).Squeeze(1).Shape, Is.EqualTo(a.Shape));
        Assert.That(Range(3, 1, 3, 1).Squeeze().Shape, Is.EqualTo(new long[] { 3 }));
        Assert.That(Range(3, 3, 1).Expand(3, 4).Shape, Is.EqualTo(new long[] { 3, 4 }));
        Assert.That(Range(2, 2).Repeat(3).ToArray<long>(), Is.EqualTo(new long[] { 0, 1, 0, 1, 0, 1 }));
        Assert.That(Range(3, 3).Flip(0).ToArray<long>(), Is.EqualTo(new long[] { 2, 1, 0 }));
    }

    [Test]
    public void JoinAndSplit()
    {
        var a = Range(4, 2, 2);
        Assert.That(Torch.Cat(new[] { a, a }, 1).Shape, Is.EqualTo(new long[] { 2, 4 }));
        Assert.That(Torch.Stack(new[] { a, a, a }).Shape, Is.EqualTo(new long[] { 3, 2, 2 }));
        var chunks = Range(10, 10).Chunk(3);
        Assert.That(chunks.Select(c => c.Size(0)), Is.EqualTo(new long[] { 4, 4, 2 }));
        var parts = Range(10, 10).Split(4);
        Assert.That(parts.Select(c => c.Size(0)), Is.EqualTo(new long[] { 4, 4, 2 }));
        Assert.That(parts[2].ToArray<long>(), Is.EqualTo(new long[] { 8, 9 }));
    }

    [Test]
    public void SlicingAndIndexing()
    {
        var a = Range(12, 3, 4);
        Assert.That(a[1].ToArray<long>(), Is.EqualTo(new long[] { 4, 5, 6, 7 }));
        Assert.That(a[.., 2].ToArray<long>(), Is.EqualTo(new long[] { 2, 6, 10 }));
        Assert.That(a[1.., ^2..].ToArray<long>(), Is.EqualTo(new long[] { 6, 7, 10, 11 }));
        Assert.That(a.Slice(1, 0, 4, 2).ToArray<long>(), Is.EqualTo(new long[] { 0, 2, 4, 6, 8, 10 }));
        Assert.That(a.Select(0, -1).ToArray<long>(), Is.EqualTo(new long[] { 8, 9, 10, 11 }));
        Assert.That(a.Narrow(0, 1, 1).Shape, Is.EqualTo(new long[] { 1, 4 }));
    }

    [Test]
    public void GatherScatterWhereMask()
    {
        var a = Tensor.From(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var index = Tensor.From(new long[] { 2, 0 }, 2, 1);
        Assert.That(a.Gather(1, index).ToArray<float>(), Is.EqualTo(new float[] { 3, 4 }));
        Assert.That(a.IndexSelect(1, Tensor.From(new long[] { 0, 0 })).ToArray<float>(), Is.EqualTo(new float[] { 1, 1, 4, 4 }));
        var scattered = Torch.Zeros(2, 3).Scatter(1, index, Torch.Ones(2, 1));
        Assert.That(scattered.ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 1, 1, 0, 0 }));
        var added = Torch.Zeros(3).ScatterAdd(0, Tensor.From(new long[] { 0, 0, 2 }), Tensor.From(new float[] { 1, 2, 3 }));
        Assert.That(added.ToArray<float>(), Is.EqualTo(new float[] { 3, 0, 3 }));
        Assert.That(Torch.Where(a > 3, a, Torch.ZerosLike(a)).ToArray<float>(), Is.EqualTo(new float[] { 0, 0, 0, 4, 5, 6 }));
        Assert.That(a.MaskedFill(a < 3, -1).ToArray<float>(), Is.EqualTo(new float[] { -1, -1, 3, 4, 5, 6 }));
        Assert.That(Tensor.From(new long[] { 2, 0 }).OneHot(3).ToArray<long>(), Is.EqualTo(new long[] { 0, 0, 1, 1, 0, 0 }));
        Assert.That(Torch.Ones(3, 3).Tril().Sum().ToDouble(), Is.EqualTo(6));
        var (top, at) = Tensor.From(new float[] { 5, 1, 9, 3 }).TopK(2);
        Assert.That(top.ToArray<float>(), Is.EqualTo(new float[] { 9, 5 }));
        Assert.That(at.ToArray<long>(), Is.EqualTo(new long[] { 2, 0 }));
    }
}
