using NUnit.Framework;
using Pipeline.Nn;
using Pipeline.Tensors;
using static Pipeline.Tests.Support.GradCheck;

namespace Pipeline.Tests.Nn;

/// <summary>Autograd against central finite differences (float64) for every differentiable op family.</summary>
public class FunctionalGradientTests
{
    [Test]
    public void Conv2dWithStridePaddingDilationGroups() => AssertGradientsMatch(
        t => Functional.Conv2d(t[0], t[1], t[2], stride: 2, padding: 1, dilation: (1, 2), groups: 2),
        new[] { Randn(1, 2, 4, 6, 6), Randn(2, 4, 2, 3, 3), Randn(3, 4) });

    [Test]
    public void ConvTranspose2dWithOutputPaddingAndGroups() => AssertGradientsMatch(
        t => Functional.ConvTranspose2d(t[0], t[1], t[2], stride: 2, padding: 1, outputPadding: 1, groups: 2),
        new[] { Randn(1, 1, 4, 3, 3), Randn(2, 4, 1, 3, 3), Randn(3, 2) });

    [Test]
    public void MaxPool2d() => AssertGradientsMatch(
        t => Functional.MaxPool2d(t[0], 2, padding: 0), new[] { Randn(4, 2, 2, 4, 4) });

    [Test]
    public void AvgPoolAndAdaptiveAvgPool() => AssertGradientsMatch(
        t => Functional.AvgPool2d(t[0], 3, 2, 1) + Functional.AdaptiveAvgPool2d(t[0], 3).Sum(),
        new[] { Randn(5, 2, 2, 6, 6) });

    [Test]
    public void BatchNormInTraining()
    {
        using var mean = Torch.Zeros(new long[] { 3 }, DType.Float64);
        using var variance = Torch.Ones(new long[] { 3 }, DType.Float64);
        AssertGradientsMatch(t => Functional.BatchNorm(t[0], mean, variance, t[1], t[2], training: true),
            new[] { Randn(6, 4, 3, 2, 2), Randn(7, 3), Randn(8, 3) });
    }

    [Test]
    public void GroupNormAndLayerNorm() => AssertGradientsMatch(
        t => Functional.GroupNorm(t[0], 2, t[1], t[2]) + Functional.LayerNorm(t[0], new long[] { 3, 3 }),
        new[] { Randn(9, 2, 4, 3, 3), Randn(10, 4), Randn(11, 4) });

    [Test]
    public void SoftmaxLogSoftmaxLogSumExp() => AssertGradientsMatch(
        t => Functional.Softmax(t[0], 1) + Functional.LogSoftmax(t[0], 0) + t[0].LogSumExp(1, keepDim: true),
        new[] { Randn(12, 3, 5) });

    [Test]
    public void RegressionLosses() => AssertGradientsMatch(
        t => Functional.MseLoss(t[0], t[1]) + Functional.L1Loss(t[0], t[1], Reduction.Sum) + Functional.MseLoss(t[0], t[1], Reduction.None).Sum(),
        new[] { Randn(13, 3, 4), Randn(14, 3, 4) });

    [Test]
    public void BinaryCrossEntropies()
    {
        using var generator = new Generator(15);
        using var target = Torch.Rand(new long[] { 4, 3 }, generator, DType.Float64);
        AssertGradientsMatch(
            t => Functional.BinaryCrossEntropy(t[0].Sigmoid(), target) + Functional.BinaryCrossEntropyWithLogits(t[0], target, reduction: Reduction.Sum),
            new[] { Randn(16, 4, 3) });
    }

    [Test]
    public void CrossEntropyAndNll()
    {
        using var target = Tensor.From(new long[] { 0, 2, 1, 2 }, 4);
        AssertGradientsMatch(
            t => Functional.CrossEntropy(t[0], target, labelSmoothing: 0.1) + Functional.NllLoss(Functional.LogSoftmax(t[0], 1), target, reduction: Reduction.Sum),
            new[] { Randn(17, 4, 3) });
    }

    [Test]
    public void GatherIndexSelectScatterAdd()
    {
        using var index = Tensor.From(new long[] { 2, 0, 1, 1, 0, 2 }, 2, 3);
        using var rows = Tensor.From(new long[] { 1, 0, 1 }, 3);
        AssertGradientsMatch(
            t => t[0].Gather(1, index) + t[0].IndexSelect(0, rows).Sum() + t[0].ScatterAdd(1, index, t[0]).Sum(),
            new[] { Randn(18, 2, 3) });
    }

    [Test]
    public void NearestAndBilinearUpsampling() => AssertGradientsMatch(
        t => Functional.Upsample(t[0], 2) + Functional.Upsample(t[0], 2, UpsampleMode.Bilinear) + Functional.Upsample(t[0], (5, 7), UpsampleMode.Bilinear, alignCorners: true).Sum(),
        new[] { Randn(19, 1, 2, 3, 3) });

    [Test]
    public void LinearMatMulBmmEmbedding()
    {
        using var ids = Tensor.From(new long[] { 3, 0, 3 }, 3);
        AssertGradientsMatch(
            t => Functional.Linear(t[0], t[1], t[2]).MatMul(t[3]) + t[0].Unsqueeze(0).Bmm(t[1].T.Unsqueeze(0)).Sum() + Functional.Embedding(ids, t[1]).Sum(),
            new[] { Randn(20, 3, 4), Randn(21, 4, 4), Randn(22, 4), Randn(23, 4, 2) });
    }

    [Test]
    public void Activations() => AssertGradientsMatch(
        t => t[0].Silu() + t[0].Gelu() + t[0].Gelu(tanhApproximation: true) + Functional.Elu(t[0]) + Functional.LeakyRelu(t[0], 0.2)
             + Functional.Softplus(t[0], 2) + t[0].Tanh() + t[0].Sigmoid() + t[0].Relu() + t[0].Erf()
             + t[0].Square().Log1p() + t[0].Exp() + t[0].Abs().Sqrt() + t[0].Pow(3) + t[0].Clamp(-0.5, 0.5),
        new[] { Randn(24, 3, 5) });

    [Test]
    public void DoubleBackwardOfAGradientPenalty()
    {
        // WGAN-GP: λ(‖∇ₓD(x)‖₂ − 1)², differentiated with respect to the critic's weights.
        using var x = Randn(25, 4, 3);
        x.RequiresGrad = true;
        AssertGradientsMatch(t =>
        {
            var hidden = Functional.Linear(x, t[0], t[1]).Tanh();
            var critic = Functional.Linear(hidden, t[2]).Sum();
            var gradX = Torch.Grad(new[] { critic }, new[] { x }, createGraph: true)[0]!;
            return (gradX.Norm(2, new long[] { 1 }) - 1).Square().Mean() * 10;
        }, new[] { Randn(26, 5, 3), Randn(27, 5), Randn(28, 1, 5) });
    }
}
