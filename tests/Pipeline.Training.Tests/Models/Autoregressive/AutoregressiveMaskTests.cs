using NUnit.Framework;
using Pipeline.Models.Autoregressive;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Autoregressive;

/// <summary>
/// The models are autoregressive, checked by gradient: the logits of the i-th position in the order have zero gradient
/// with respect to every input at or after it (and a nonzero one with respect to some input before it).
/// </summary>
public sealed class AutoregressiveMaskTests
{
    private const int Side = 6;

    private static IEnumerable<AutoregressiveCase> Cases() => AutoregressiveCase.Small(Side);

    [TestCaseSource(nameof(Cases))]
    public void OutputsDependOnlyOnEarlierPositions(AutoregressiveCase modelCase)
    {
        random.manual_seed(5);
        using var model = modelCase.Build(Side);
        var size = Side * Side;
        var rank = new int[size];
        for (var k = 0; k < size; k++) rank[model.Order[k]] = k;
        using var x = Noise(model.Categories);
        using var labels = model.ClassCount is int classes ? nn.functional.one_hot(tensor(new long[] { 3, 7 }), classes).to(ScalarType.Float32) : null;
        var dependencies = 0;
        for (var d = 0; d < size; d++)
        {
            using var scope = NewDisposeScope();
            var input = x.clone().requires_grad_();
            var logits = model.Logits(input, labels);                                        // [2, D, K]
            var gradient = torch.autograd.grad([logits.select(1, d).sum()], [input])[0].reshape(2, size);
            var values = gradient.abs().sum(0L).data<float>().ToArray();
            for (var j = 0; j < size; j++)
            {
                if (rank[j] >= rank[d])
                    Assert.That(values[j], Is.Zero, $"{modelCase}: position {d} (rank {rank[d]}) depends on position {j} (rank {rank[j]})");
                else if (values[j] != 0) dependencies++;
            }
        }
        Assert.That(dependencies, Is.GreaterThan(size), $"{modelCase}: the outputs depend on earlier positions");
    }

    [Test]
    public void EveryMaskOfAnOrderAgnosticEnsembleIsAutoregressiveInItsOwnOrder()
    {
        random.manual_seed(6);
        using var made = new Made(new MadeConfig { ImageSize = Side, HiddenSizes = [24, 24], Masks = 3, OrderAgnostic = true });
        Assert.That(made.Masks.Select(m => string.Join(",", m.Order)).Distinct().Count(), Is.EqualTo(3), "each mask has its own order");
        var size = Side * Side;
        using var x = Noise(2);
        for (var m = 0; m < 3; m++)
        {
            var rank = AutoregressiveMasks.InputDegrees(made.Masks[m].Order);
            for (var d = 0; d < size; d += 5)
            {
                using var scope = NewDisposeScope();
                var input = x.clone().requires_grad_();
                var gradient = torch.autograd.grad([made.Logits(input, m).select(1, d).sum()], [input])[0].abs().sum(0L).reshape(size).data<float>().ToArray();
                for (var j = 0; j < size; j++)
                    if (rank[j] >= rank[d]) Assert.That(gradient[j], Is.Zero, $"mask {m}: position {d} depends on position {j}");
            }
        }
        // −log of the mixture (1/3) Σ p_m: at least the best mask's −log p_m, at most that plus log 3, at most the masks' mean (Jensen).
        using var noGrad = no_grad();
        var perMask = Enumerable.Range(0, 3).Select(m => nn.functional.cross_entropy(made.Logits(x, m).reshape(-1, 2), x.reshape(-1).to(ScalarType.Int64),
            reduction: nn.Reduction.None).reshape(2, size).sum(1).data<float>().ToArray()).ToList();
        var mixture = made.NegativeLogLikelihood(x).data<float>().ToArray();
        for (var n = 0; n < 2; n++)
        {
            var best = perMask.Min(p => p[n]);
            Assert.That(mixture[n], Is.InRange(best - 1e-3, best + Math.Log(3) + 1e-3), $"image {n}");
            Assert.That(mixture[n], Is.LessThanOrEqualTo(perMask.Average(p => p[n]) + 1e-3), $"image {n}");
        }
    }

    [Test]
    public void TheGatedPixelCnnHasNoBlindSpot()
    {
        // The last pixel of a 6×6 grid, after a 5×5 first layer and four 3×3 layers (a receptive field of 6 rows up and
        // 6 columns each way), sees every pixel before it; a plain PixelCNN of the same kernels and depth misses pixels
        // up and to the right of (2, 1): the blind spot of stacked masked convolutions, whatever their depth.
        random.manual_seed(9);
        using var gated = new GatedPixelCnn(new GatedPixelCnnConfig { ImageSize = Side, Channels = 4, OutputChannels = 4, Blocks = 4, FirstKernel = 5 });
        using var plain = new PixelCnn(new PixelCnnConfig { ImageSize = Side, Channels = 4, OutputChannels = 4, Blocks = 4, FirstKernel = 5 });
        Assert.That(Unseen(gated, Side * Side - 1), Is.Empty, "gated");
        Assert.That(Unseen(plain, 2 * Side + 1), Is.Not.Empty, "plain PixelCNN, pixel (2, 1)");
    }

    /// <summary>The positions before <paramref name="position"/> whose value does not change its logits.</summary>
    private static List<int> Unseen(AutoregressiveModel model, int position)
    {
        using var scope = NewDisposeScope();
        var input = Noise(model.Categories).requires_grad_();
        var logits = model.Logits(input);
        var gradient = torch.autograd.grad([logits.select(1, position).sum()], [input])[0].abs().sum(0L).reshape(Side * Side).data<float>().ToArray();
        return Enumerable.Range(0, position).Where(j => gradient[j] == 0).ToList();
    }

    [TestCase(MaskType.A)]
    [TestCase(MaskType.B)]
    public void MaskedConvolutionsSeeOnlyThePixelsBeforeTheCentre(MaskType type)
    {
        random.manual_seed(2);
        using var conv = new MaskedConv2d(type, 2, 3, 5);
        using var input = randn(1, 2, 7, 7).requires_grad_();
        using var output = conv.call(input);
        var gradient = torch.autograd.grad([output[0, .., 3, 3].sum()], [input])[0].abs().sum(1)[0];   // [7, 7]
        for (var r = 0; r < 7; r++)
            for (var c = 0; c < 7; c++)
            {
                var before = r < 3 || (r == 3 && c < 3);
                var seen = gradient[r, c].ToSingle() != 0;
                var inKernel = Math.Abs(r - 3) <= 2 && Math.Abs(c - 3) <= 2;
                var expected = inKernel && (before || (type == MaskType.B && r == 3 && c == 3));
                Assert.That(seen, Is.EqualTo(expected), $"type {type}: the centre output {(seen ? "sees" : "does not see")} input ({r}, {c})");
            }
    }

    [Test]
    public void MadeMasksFollowTheDegreeRule()
    {
        int[] previous = [1, 2, 3], units = [1, 2];
        using var hidden = AutoregressiveMasks.Hidden(units, previous);
        Assert.That(hidden.data<float>().ToArray(), Is.EqualTo(new float[] { 1, 0, 0, 1, 1, 0 }), "M[k, d] = 1 iff m(k) ≥ d");
        using var output = AutoregressiveMasks.Output(previous, units);
        Assert.That(output.data<float>().ToArray(), Is.EqualTo(new float[] { 0, 0, 1, 0, 1, 1 }), "output d sees unit k iff d > m(k)");
    }

    private static Tensor Noise(int categories) =>
        torch.randint(0, categories, [2, 1, Side, Side]).to(ScalarType.Float32);
}
