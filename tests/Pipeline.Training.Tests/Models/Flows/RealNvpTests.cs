using NUnit.Framework;
using Pipeline.Models.Flows;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Flows;

/// <summary>RealNVP's steps and the whole flow: exact inversion, exact log-determinants, the shapes of its path.</summary>
public sealed class RealNvpTests
{
    /// <summary>A small two-scale image flow on 4×4 images (D = 16).</summary>
    internal static RealNvpConfig Small => new() { Shape = [1, 4, 4], Levels = 1, CouplingsPerStage = 2, FinalCouplings = 2, Hidden = 8, Blocks = 1 };

    /// <summary>Builds the flow and moves it away from the identity (its output convolutions start at zero).</summary>
    internal static RealNvp Perturbed(RealNvpConfig config, int seed)
    {
        random.manual_seed(seed);
        var model = new RealNvp(config);
        using var noGrad = no_grad();
        foreach (var parameter in model.parameters()) parameter.add_(randn_like(parameter) * 0.05);
        model.eval();
        return model;
    }

    [Test]
    public void ThePathOfTheDefaultImageFlowIsTwoScalesOfRealNvp()
    {
        var steps = new RealNvpConfig().Steps();
        Assert.That(steps.Count(s => s.Kind == FlowStepKind.Coupling), Is.EqualTo(16));
        Assert.That(steps.Count(s => s.Kind == FlowStepKind.ActNorm), Is.EqualTo(16));
        Assert.That(steps.Where(s => s.Kind is FlowStepKind.Squeeze or FlowStepKind.Split).Select(s => $"{s.Kind} [{string.Join(",", s.Shape)}]"),
            Is.EqualTo(new[] { "Squeeze [1,28,28]", "Split [4,14,14]", "Squeeze [2,14,14]", "Split [8,7,7]" }));
        Assert.That(steps[^1].Shape, Is.EqualTo(new long[] { 4, 7, 7 }));
        Assert.That(steps[^1].Mask, Is.EqualTo(CouplingMask.Checkerboard));
        Assert.That(RealNvpConfig.Toy.Steps().Where(s => s.Kind == FlowStepKind.Coupling).Select(s => (s.Mask, s.Parity)),
            Is.EqualTo(Enumerable.Range(0, 8).Select(k => (CouplingMask.Channel, k % 2))), "points alternate which coordinate is transformed");
    }

    [Test]
    public void MasksKeepACheckerboardOrHalfTheChannels()
    {
        var checker = new FlowStep(FlowStepKind.Coupling, [2, 2, 3], CouplingMask.Checkerboard, 1).MaskValues();
        Assert.That(checker, Is.EqualTo(new float[] { 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1 }));
        var channel = new FlowStep(FlowStepKind.Coupling, [4, 1, 2], CouplingMask.Channel, 0).MaskValues();
        Assert.That(channel, Is.EqualTo(new float[] { 1, 1, 1, 1, 0, 0, 0, 0 }));
    }

    [Test]
    public void SqueezeMovesEachTwoByTwoPatchIntoChannelsAndBack()
    {
        using var x = arange(2 * 2 * 4 * 4, dtype: ScalarType.Float32).reshape(2, 2, 4, 4);
        using var squeezed = Squeeze.Forward(x);
        Assert.That(squeezed.shape, Is.EqualTo(new long[] { 2, 8, 2, 2 }));
        for (var c = 0; c < 2; c++)
        for (var i = 0; i < 2; i++)
        for (var j = 0; j < 2; j++)
        for (var h = 0; h < 2; h++)
        for (var w = 0; w < 2; w++)
            Assert.That(squeezed[1, c * 4 + 2 * i + j, h, w].item<float>(), Is.EqualTo(x[1, c, 2 * h + i, 2 * w + j].item<float>()));
        using var back = Squeeze.Inverse(squeezed);
        Assert.That(back.equal(x).all().item<bool>(), Is.True);
    }

    [Test]
    public void ActNormStartsWithZeroMeanAndUnitVarianceFromTheFirstBatch()
    {
        using var norm = new ActNorm(3);
        norm.train();
        random.manual_seed(4);
        using var x = randn(64, 3, 5, 5) * tensor(new float[] { 2, 0.5f, 7 }).reshape(1, 3, 1, 1) + 3;
        var (z, logDet) = norm.Normalize(x);
        Assert.That(norm.Initialized, Is.True);
        using var perChannel = z.transpose(0, 1).flatten(1);
        Assert.That(perChannel.mean([1]).abs().max().item<float>(), Is.LessThan(1e-5));
        Assert.That((perChannel.std(1) - 1).abs().max().item<float>(), Is.LessThan(1e-4));
        Assert.That(logDet[0].item<float>(), Is.EqualTo(-25 * norm.LogScale.sum().item<float>()).Within(1e-4));
        using var bias = norm.Bias.detach().clone();
        norm.Normalize(x * 5);
        Assert.That(norm.Bias.detach().equal(bias).all().item<bool>(), Is.True, "initialized once");
        Assert.That((norm.Generate(z) - x).abs().max().item<float>(), Is.LessThan(1e-4));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ForwardThenInverseIsTheIdentity(bool toy)
    {
        using var model = Perturbed(toy ? RealNvpConfig.Toy : Small, 5);
        random.manual_seed(6);
        using var y = toy ? randn(32, 2, 1, 1) : randn(8, 1, 4, 4) * 2;
        using var noGrad = no_grad();
        var (z, _) = model.Normalize(y);
        Assert.That(z.shape, Is.EqualTo(new long[] { y.shape[0], model.Dimensions }));
        var back = model.Generate(z);
        Assert.That((z - y.flatten(1)).abs().max().item<float>(), Is.GreaterThan(0.1), "the flow is not the identity");
        Assert.That((back - y).abs().max().item<float>(), Is.LessThan(1e-5));
        Assert.That((model.Normalize(model.Generate(z)).Z - z).abs().max().item<float>(), Is.LessThan(1e-5));
    }

    [Test]
    public void TheLogDeterminantIsThatOfTheBruteForceJacobian()
    {
        using var model = Perturbed(Small, 7);
        model.to(ScalarType.Float64);
        random.manual_seed(8);
        for (var item = 0; item < 2; item++)
        {
            using var y = randn(1, 1, 4, 4, dtype: ScalarType.Float64).requires_grad_();
            var z = model.Normalize(y).Z;
            // ∂z_i/∂y, row by row
            using var jacobian = stack(Enumerable.Range(0, 16)
                .Select(i => torch.autograd.grad([z[0, i]], [y], retain_graph: true)[0].flatten()).ToArray());
            var expected = linalg.slogdet(jacobian).Item2.item<double>();
            using var noGrad = no_grad();
            Assert.That(model.Normalize(y).LogDet.item<double>(), Is.EqualTo(expected).Within(1e-9), $"item {item}");
        }
    }

    [Test]
    public void TheLikelihoodOfImagesCountsTheLogitTransformAndTheQuantization()
    {
        using var model = Perturbed(Small, 9);
        model.to(ScalarType.Float64);
        random.manual_seed(10);
        using var x = rand(3, 1, 4, 4, dtype: ScalarType.Float64) * 0.9 + 0.05;
        using var noGrad = no_grad();
        var (y, preprocessing) = LogitTransform.Forward(x, 0.05);
        // log|dy/dx| by finite differences, entry by entry (the transform is elementwise)
        const double h = 1e-6;
        var numeric = ((LogitTransform.Forward(x + h, 0.05).Y - LogitTransform.Forward(x - h, 0.05).Y) / (2 * h)).log().flatten(1).sum(1);
        Assert.That((numeric - preprocessing).abs().max().item<double>(), Is.LessThan(1e-5));
        var (z, logDet) = model.Normalize(y);
        var expected = -0.5 * z.pow(2).sum(1) - 8 * Math.Log(2 * Math.PI) + logDet + preprocessing;
        Assert.That((model.LogDensity(x) - expected).abs().max().item<double>(), Is.LessThan(1e-9));
        var bits = -(expected - 16 * Math.Log(256)) / (16 * Math.Log(2));
        Assert.That((model.BitsPerDim(x) - bits).abs().max().item<double>(), Is.LessThan(1e-9));
        Assert.That((LogitTransform.Inverse(y, 0.05) - x).abs().max().item<double>(), Is.LessThan(1e-9));
    }

    [TestCase(0.0)]
    [TestCase(0.5)]
    [TestCase(-0.1)]
    public void ALogitAlphaOutsideTheOpenRangeIsRefused(double alpha) =>
        Assert.That(() => (Small with { LogitAlpha = alpha }).Validate(), Throws.ArgumentException.With.Message.Contains("must lie in (0, 0.5)"));
}
