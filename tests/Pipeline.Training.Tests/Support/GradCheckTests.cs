using NUnit.Framework;
using Pipeline.Tensors;
using static Pipeline.Tests.Support.GradCheck;

namespace Pipeline.Tests.Support;

public class GradCheckTests
{
    [Test]
    public void DetectsAWrongGradient()
    {
        // x.Detach()·x has true derivative 2x, but autograd sees only x: the check must fail.
        Assert.Throws<AssertionException>(() => AssertGradientsMatch(t => t[0].Detach() * t[0], new[] { Randn(1, 3) }));
    }
}
