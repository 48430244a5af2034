using NUnit.Framework;
using Pipeline.Models.Quantized;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Quantized;

/// <summary>The VQ bottleneck: nearest codes, the straight-through gradient, the EMA updates, dead-code restarts, perplexity.</summary>
public sealed class VectorQuantizerTests
{
    [Test]
    public void QuantizationPicksTheNearestCode()
    {
        random.manual_seed(1);
        using var quantizer = new VectorQuantizer(codes: 12, dimension: 3);
        quantizer.eval();
        using var ze = randn(2, 3, 4, 5) * 0.01;                                        // near the small initial codes
        var quantization = quantizer.Quantize(ze);
        var codebook = quantizer.Codebook.detach().data<float>().ToArray();
        var values = ze.data<float>().ToArray();
        var codes = quantization.Codes.data<long>().ToArray();
        var quantized = quantization.Quantized.detach().data<float>().ToArray();
        for (var n = 0; n < 2; n++)
            for (var p = 0; p < 20; p++)
            {
                double Distance(int k) => Enumerable.Range(0, 3).Sum(d => Math.Pow(values[(n * 3 + d) * 20 + p] - codebook[k * 3 + d], 2));
                var nearest = Enumerable.Range(0, 12).MinBy(Distance);
                Assert.That(codes[n * 20 + p], Is.EqualTo(nearest), $"image {n}, position {p}");
                for (var d = 0; d < 3; d++)
                    Assert.That(quantized[(n * 3 + d) * 20 + p], Is.EqualTo(codebook[nearest * 3 + d]).Within(1e-7), "z_q = e_k");
            }
        Assert.That(quantization.Codes.shape, Is.EqualTo(new long[] { 2, 4, 5 }));
    }

    [Test]
    public void TheStraightThroughGradientCopiesTheDecodersGradientOntoTheEncoderOutput()
    {
        random.manual_seed(2);
        using var quantizer = new VectorQuantizer(codes: 8, dimension: 4);
        using var ze = randn(3, 4, 2, 2).requires_grad_();
        using var weights = randn(3, 4, 2, 2);
        var quantization = quantizer.Quantize(ze);
        // ∂(Σ w ⊙ z_q)/∂z_e = w: the argmin is skipped, as if z_q were z_e.
        var gradient = torch.autograd.grad([(quantization.Quantized * weights).sum()], [ze])[0];
        Assert.That(gradient.data<float>().ToArray(), Is.EqualTo(weights.data<float>().ToArray()).Within(1e-6));
        // The commitment term pulls z_e towards sg[e] (its gradient is 2(z_e − e)/numel); the codebook term does not reach z_e.
        var commitment = torch.autograd.grad([quantization.CommitmentLoss], [ze])[0];
        using var expected = 2 * (ze.detach() - quantization.Quantized.detach()) / ze.numel();
        Assert.That(commitment.data<float>().ToArray(), Is.EqualTo(expected.data<float>().ToArray()).Within(1e-6));
        Assert.That(quantization.CodebookLoss.requires_grad, Is.True, "the codebook loss trains the codes");
    }

    [Test]
    public void TheStraightThroughGradientReachesTheEncoderOfAVqVae()
    {
        random.manual_seed(3);
        using var model = new VqVae(new VqVaeConfig { Codes = 16, Dimension = 4, Channels = [8, 8], ResidualBlocks = 1 });
        using var images = rand(4, 1, 28, 28);
        using var labels = zeros(4, dtype: ScalarType.Int64);
        using var noise = Noise.Seeded(0);
        using var batch = new Pipeline.Data.Batch(images.clone(), labels.clone(), [0, 1, 2, 3]);
        model.Loss(batch, noise).Total.backward();
        var encoderFirst = model.named_parameters().First(p => p.name.StartsWith("encoder.", StringComparison.Ordinal));
        Assert.That(encoderFirst.parameter.grad, Is.Not.Null);
        Assert.That(encoderFirst.parameter.grad!.abs().sum().ToDouble(), Is.GreaterThan(0), $"{encoderFirst.name} gets a gradient");
        Assert.That(model.Quantizer.Codebook.grad!.abs().sum().ToDouble(), Is.GreaterThan(0), "the codebook loss reaches the codes");
    }

    [Test]
    public void EmaUpdatesFollowTheirFormulaOnAHandMadeBatch()
    {
        random.manual_seed(4);
        const double gamma = 0.9;
        using var quantizer = new VectorQuantizer(codes: 3, dimension: 2, ema: true, decay: gamma);
        using (no_grad()) quantizer.Codebook.copy_(tensor(new float[] { 0, 0, 10, 10, -10, 10 }, 3, 2));
        using (no_grad()) quantizer.EmbeddingSum.copy_(tensor(new float[] { 1, 1, 2, 2, 3, 3 }, 3, 2));
        using (no_grad()) quantizer.ClusterSize.copy_(tensor(new float[] { 1, 2, 3 }));
        // Four vectors: three near code 0, one near code 1, none near code 2; z_e [1, 2, 1, 4].
        float[][] z = [[1, 0], [0, 1], [-1, 1], [9, 9]];
        using var ze = tensor(z.SelectMany(v => v).ToArray(), 4, 2).t().reshape(1, 2, 1, 4);
        quantizer.train();
        var quantization = quantizer.Quantize(ze);

        Assert.That(quantization.Codes.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 0, 0, 1 }));
        // N_k ← γN_k + (1 − γ)n_k with n = (3, 1, 0); m_k ← γm_k + (1 − γ)Σ z_e.
        double[] counts = [3, 1, 0];
        double[][] sums = [[0, 2], [9, 9], [0, 0]];
        double[] previousN = [1, 2, 3];
        double[][] previousM = [[1, 1], [2, 2], [3, 3]];
        var n = previousN.Select((v, k) => gamma * v + (1 - gamma) * counts[k]).ToArray();
        var m = previousM.Select((v, k) => v.Select((x, d) => gamma * x + (1 - gamma) * sums[k][d]).ToArray()).ToArray();
        var total = n.Sum();
        var smoothed = n.Select(v => (v + VectorQuantizer.Epsilon) / (total + 3 * VectorQuantizer.Epsilon) * total).ToArray();
        Assert.That(quantizer.ClusterSize.data<float>().ToArray(), Is.EqualTo(n.Select(v => (float)v).ToArray()).Within(1e-5));
        Assert.That(quantizer.EmbeddingSum.data<float>().ToArray(), Is.EqualTo(m.SelectMany(v => v).Select(v => (float)v).ToArray()).Within(1e-5));
        var expected = m.SelectMany((v, k) => v.Select(x => (float)(x / smoothed[k]))).ToArray();
        Assert.That(quantizer.Codebook.data<float>().ToArray(), Is.EqualTo(expected).Within(1e-4), "e_k = m_k / Ñ_k");
        Assert.That(quantization.Quantized.data<float>().ToArray()[3], Is.EqualTo(10f), "this step decodes with the codebook before the update");
    }

    [Test]
    public void DeadCodesRestartOnEncoderOutputsOfTheBatch()
    {
        random.manual_seed(5);
        using var quantizer = new VectorQuantizer(codes: 4, dimension: 2, restartDeadCodes: true, deadThreshold: 1);
        using (no_grad()) quantizer.ClusterSize.copy_(tensor(new float[] { 5, 0.5f, 5, 0.1f }));
        var before = quantizer.Codebook.detach().clone().data<float>().ToArray();
        using var ze = randn(2, 2, 3, 3);
        using var noise = Noise.Seeded(1);
        quantizer.train();
        quantizer.Quantize(ze, noise);

        var after = quantizer.Codebook.detach().data<float>().ToArray();
        var outputs = ze.permute(0, 2, 3, 1).reshape(-1, 2).data<float>().ToArray();
        bool IsOutput(int k) => Enumerable.Range(0, 18).Any(i => outputs[2 * i] == after[2 * k] && outputs[2 * i + 1] == after[2 * k + 1]);
        Assert.That(IsOutput(1) && IsOutput(3), Is.True, "the two dead codes moved onto encoder outputs");
        Assert.That(new[] { after[0], after[1], after[4], after[5] }, Is.EqualTo(new[] { before[0], before[1], before[4], before[5] }), "live codes stay");
        Assert.That(quantizer.DeadCodes(), Is.Zero, "restarted codes get time to be picked");
        Assert.Throws<ArgumentException>(() => quantizer.Quantize(ze), "restarts need the checkpointed noise");
    }

    [Test]
    public void PerplexityIsTheExponentOfTheCodeEntropy()
    {
        using var uniform = CodeUsage.Perplexity(tensor(new float[] { 5, 5, 5, 5 }));
        using var single = CodeUsage.Perplexity(tensor(new float[] { 0, 9, 0, 0 }));
        using var half = CodeUsage.Perplexity(tensor(new float[] { 2, 2, 0, 0 }));
        Assert.That(uniform.ToDouble(), Is.EqualTo(4).Within(1e-4));
        Assert.That(single.ToDouble(), Is.EqualTo(1).Within(1e-4));
        Assert.That(half.ToDouble(), Is.EqualTo(2).Within(1e-4));
    }

    [Test]
    public void ConfigurationsRefuseBadValues()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => new VqVaeConfig { Codes = 1 }.Validate())!.Message, Does.Contain("--codes"));
        Assert.That(Assert.Throws<ArgumentException>(() => new VqVaeConfig { Beta = -1 }.Validate())!.Message, Does.Contain("0.25"));
        Assert.That(Assert.Throws<ArgumentException>(() => new VqVaeConfig { Decay = 1 }.Validate())!.Message, Does.Contain("(0, 1)"));
        Assert.That(VqVaeConfig.FromJson(new VqVaeConfig { Ema = true }.ToJson()), Is.EqualTo(new VqVaeConfig { Ema = true }).Using<VqVaeConfig>((a, b) => a.ToJson() == b.ToJson()));
        Assert.That(new VqVaeConfig().ToJson(), Does.Not.Contain("grid_size"), "derived values are not saved");
    }

    [Test]
    public void DataParallelRanksLearnTheEmaCodebookFromTheWholeBatch()
    {
        // One process on a batch of 8 grids, and two ranks on 4 each: the same codebook afterwards, on both ranks.
        random.manual_seed(5);
        var batch = randn(8, 3, 2, 2);
        VectorQuantizer Build()
        {
            random.manual_seed(11);
            var quantizer = new VectorQuantizer(6, 3, ema: true);
            quantizer.train();
            return quantizer;
        }
        using var alone = Build();
        using (no_grad()) alone.Quantize(batch);
        var expected = alone.Codebook.detach().clone();

        var ranks = new[] { Build(), Build() };         // built here: the default generator is not the threads' to share
        Pipeline.Tests.Distributed.ThreadGroup.Run(2, group =>
        {
            var rank = ranks[group.Rank];
            rank.Group = group;
            using (no_grad()) rank.Quantize(batch.narrow(0, 4 * group.Rank, 4));
        });
        var codebooks = ranks.Select(r => r.Codebook.detach().clone()).ToArray();
        foreach (var rank in ranks) rank.Dispose();

        Assert.That(codebooks[0].allclose(expected, rtol: 0, atol: 1e-6), Is.True, "rank 0 learned from all 8 grids");
        Assert.That(codebooks[1].equal(codebooks[0]).all().item<bool>(), Is.True, "and rank 1 the same");
    }
}
