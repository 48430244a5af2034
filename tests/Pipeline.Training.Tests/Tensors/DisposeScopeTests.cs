using NUnit.Framework;
using Pipeline.Tensors;

namespace Pipeline.Tests.Tensors;

public class DisposeScopeTests
{
    [Test]
    public void ScopeDisposesWhatWasCreatedInIt()
    {
        Tensor inner;
        using (var scope = DisposeScope.Enter())
        {
            inner = Torch.Ones(3) * 2;
            Assert.That(scope.Count, Is.EqualTo(2));
        }
        Assert.That(inner.IsDisposed, Is.True);
    }

    [Test]
    public void MoveToOuterScopeKeepsTheResult()
    {
        Tensor kept;
        using (var outer = DisposeScope.Enter())
        {
            using (DisposeScope.Enter())
            {
                kept = (Torch.Ones(3) + 1).MoveToOuterScope();
            }
            Assert.That(kept.IsDisposed, Is.False);
            Assert.That(kept.Sum().ToDouble(), Is.EqualTo(6));
        }
        Assert.That(kept.IsDisposed, Is.True);
    }

    [Test]
    public void DetachedTensorsBelongToTheCaller()
    {
        Tensor kept;
        using (DisposeScope.Enter())
        {
            kept = Torch.Ones(2).DetachFromDisposeScope();
        }
        Assert.That(kept.IsDisposed, Is.False);
        kept.Dispose();
    }

    [Test]
    public void NoGradStopsRecording()
    {
        using var scope = DisposeScope.Enter();
        var x = Torch.Ones(new long[] { 2 }, requiresGrad: true);
        using (Torch.NoGrad())
        {
            Assert.That((x * 2).RequiresGrad, Is.False);
            Assert.That(Torch.IsGradEnabled, Is.False);
        }
        Assert.That(Torch.IsGradEnabled, Is.True);
        Assert.That((x * 2).RequiresGrad, Is.True);
    }
}
