using NUnit.Framework;
using Pipeline.Models.Autoregressive;
using Pipeline.Models.Quantized;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Quantized;

/// <summary>The PixelCNN prior over a VQ-VAE's codes: autoregressive over the code grid, trained on the codes, the VQ-VAE frozen.</summary>
public sealed class VqVaePriorTests
{
    private static VqVaePrior Create(int classes = 0, int codes = 16)
    {
        var autoencoder = new VqVaeConfig { Codes = codes, Dimension = 4, Channels = [8, 8], ResidualBlocks = 1 };
        return new VqVaePrior(new VqVaePriorConfig
        {
            Autoencoder = autoencoder,
            Prior = VqVaePriorConfig.ForCodes(autoencoder, new PixelCnnConfig { Channels = 8, OutputChannels = 8, Blocks = 2, FirstKernel = 5, Classes = classes }),
        });
    }

    [TestCase(0)]
    [TestCase(10)]
    public void ThePriorsLogitsDependOnlyOnEarlierCodes(int classes)
    {
        // One-hot inputs have no useful gradient: change the codes instead. Position d's logits must not move when any
        // code at or after d changes, and must move when the codes before it change.
        random.manual_seed(7);
        using var model = Create(classes);
        var prior = model.Prior;
        var size = prior.Size;
        using var noGrad = no_grad();
        using var labels = classes > 0 ? nn.functional.one_hot(tensor(new long[] { 3, 7 }), classes).to(ScalarType.Float32) : null;
        using var codes = randint(0, 16, [2, 1, 7, 7]).to(ScalarType.Float32);
        using var logits = prior.Logits(codes, labels);
        var moved = 0;
        for (var d = 0; d < size; d++)
        {
            using var scope = NewDisposeScope();
            var flat = codes.reshape(2, size).clone();
            var later = flat.clone();
            later[.., TensorIndex.Slice(d)] = randint(0, 16, [2, size - d]).to(ScalarType.Float32);
            var earlier = flat.clone();
            if (d > 0) earlier[.., TensorIndex.Slice(0, d)] = (earlier[.., TensorIndex.Slice(0, d)] + 1).remainder(16);
            var afterLater = prior.Logits(later.reshape(2, 1, 7, 7), labels).select(1, d);
            Assert.That((afterLater - logits.select(1, d)).abs().max().ToDouble(), Is.Zero, $"position {d} depends on a code at or after it");
            if (d > 0 && (prior.Logits(earlier.reshape(2, 1, 7, 7), labels).select(1, d) - logits.select(1, d)).abs().max().ToDouble() > 0) moved++;
        }
        Assert.That(moved, Is.EqualTo(size - 1), "every position after the first depends on the codes before it");
        Assert.That(logits.shape, Is.EqualTo(new long[] { 2, size, 16 }), "K = the codebook's size per code");
    }

    [Test]
    public void ThePriorLearnsTheCodesWhileTheVqVaeStaysFrozen()
    {
        random.manual_seed(8);
        using var model = Create(classes: 10);
        var frozen = model.Autoencoder.parameters().Select(p => p.data<float>().ToArray()).ToList();
        var codebook = model.Autoencoder.Quantizer.Codebook.data<float>().ToArray();
        var losses = StepRunner.Train(model, ModelData.Train.Take(640), steps: 30, batchSize: 32, learningRate: 3e-3);
        var (first, last) = (StepRunner.MeanOf(losses, 5, fromEnd: false), StepRunner.MeanOf(losses, 5, fromEnd: true));
        TestContext.Out.WriteLine($"prior NLL of the codes: first 5 steps {first:F1}, last 5 {last:F1} nats per grid");
        Assert.That(last, Is.LessThan(0.9 * first), "the prior's NLL falls");
        Assert.That(model.Autoencoder.parameters().Select(p => p.data<float>().ToArray()), Is.EqualTo(frozen), "the VQ-VAE is not trained");
        Assert.That(model.Autoencoder.Quantizer.Codebook.data<float>().ToArray(), Is.EqualTo(codebook), "nor its codebook");
        Assert.That(model.Autoencoder.training, Is.False, "the VQ-VAE stays in evaluation mode");
    }

    [Test]
    public void AVqVaeReconstructsBetterAfterAFewSteps()
    {
        random.manual_seed(9);
        using var model = new VqVae(new VqVaeConfig { Codes = 32, Dimension = 8, Channels = [16, 16], ResidualBlocks = 1, Ema = true, RestartDeadCodes = true });
        var test = ModelData.Test.Take(200);
        var before = VqVaeEvaluation.Codebook(model, test, CPU);
        StepRunner.Train(model, ModelData.Train.Take(1280), steps: 40, batchSize: 32, learningRate: 2e-3);
        var after = VqVaeEvaluation.Codebook(model, test, CPU);
        TestContext.Out.WriteLine($"MSE {before.ReconstructionMse:G4} → {after.ReconstructionMse:G4}; perplexity {before.Perplexity:F1} → {after.Perplexity:F1}, {after.DeadCodes} unused");
        Assert.That(after.ReconstructionMse, Is.LessThan(0.7 * before.ReconstructionMse));
        Assert.That(after.Perplexity, Is.GreaterThan(4), "restarts keep several codes in use");
    }

    [Test]
    public void ThePriorMustMatchTheCodebook()
    {
        var autoencoder = new VqVaeConfig { Codes = 16 };
        var wrong = new VqVaePriorConfig { Autoencoder = autoencoder, Prior = new PixelCnnConfig { ImageSize = 7, Categories = 8, OneHotInput = true } };
        Assert.That(Assert.Throws<ArgumentException>(() => wrong.Validate())!.Message, Does.Contain("16 codes").And.Contain("ForCodes"));
        Assert.That(VqVaePriorConfig.FromJson(new VqVaePriorConfig().ToJson()).ToJson(), Is.EqualTo(new VqVaePriorConfig().ToJson()));
    }
}
