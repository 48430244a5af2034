using NUnit.Framework;
using Pipeline.Tensors;

namespace Pipeline.Tests.Tensors;

public class AutogradTests
{
    [Test]
    public void BackwardAccumulatesIntoLeaves()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.From(new double[] { 1, 2, 3 }).RequiresGrad_();
        (x * x).Sum().Backward();
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 2, 4, 6 }));
        (x * 3).Sum().Backward();
        Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 5, 7, 9 }));
        x.Grad = null;
        Assert.That(x.Grad, Is.Null);
    }

    [Test]
    public void DetachCutsTheGraph()
    {
        using var scope = DisposeScope.Enter();
        var x = Tensor.From(new double[] { 1, 2 }).RequiresGrad_();
        var y = (x * 2).Detach();
        Assert.That(y.RequiresGrad, Is.False);
        Assert.That(x.IsLeaf, Is.True);
    }

    [Test]
    public void GradientOfGradient()
    {
        using var scope = DisposeScope.Enter();
        // y = x³: dy/dx = 3x², d²y/dx² = 6x
        var x = Tensor.From(new double[] { 2 }).RequiresGrad_();
        var y = x.Pow(3).Sum();
        var dy = Torch.Grad(new[] { y }, new[] { x }, createGraph: true)[0]!;
        Assert.That(dy.ToDouble(), Is.EqualTo(12));
        var d2y = Torch.Grad(new[] { dy.Sum() }, new[] { x })[0]!;
        Assert.That(d2y.ToDouble(), Is.EqualTo(12));
    }

    [Test]
    public void UnusedInputsAreNullWhenAllowed()
    {
        using var scope = DisposeScope.Enter();
        var x = Torch.Ones(new long[] { 2 }, requiresGrad: true);
        var z = Torch.Ones(new long[] { 2 }, requiresGrad: true);
        var grads = Torch.Grad(new[] { x.Sum() }, new[] { x, z }, allowUnused: true);
        Assert.That(grads[1], Is.Null);
        Assert.Throws<TorchException>(() => Torch.Grad(new[] { (x * 2).Sum() }, new[] { z }));
    }
}
