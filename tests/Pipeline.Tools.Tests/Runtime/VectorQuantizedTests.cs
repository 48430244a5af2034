using NUnit.Framework;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Quantized;
using Pipeline.Tools.Tests.Support;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>
/// VQ-VAE packages through the runtime: the exported networks match TorchSharp, images encode to the codes TorchSharp
/// picks and reconstruct through the codebook, the prior's likelihood is TorchSharp's, and sampling draws the code grid
/// code by code (both loops alike, seeded, step at a time, per class).
/// </summary>
public sealed class VectorQuantizedTests
{
    private SmallVqPackages packages = null!;

    [OneTimeSetUp]
    public void ExportOnce() => packages = new SmallVqPackages();

    [OneTimeTearDown]
    public void Cleanup() => packages.Dispose();

    [Test]
    public void EveryExportedNetworkMatchesTorchSharp()
    {
        Assert.That(packages.Differences.Keys, Is.EquivalentTo(new[] { "encoder", "decoder", "logits", "rows", "step" }.SelectMany(r => new[] { $"vqvae/{r}", $"vqvae-conditional/{r}" })));
        foreach (var (network, difference) in packages.Differences) Assert.That(difference, Is.LessThanOrEqualTo(1e-4), network);
    }

    [Test]
    public void ImagesEncodeToTheCodesTorchSharpPicksAndReconstructThroughTheCodebook()
    {
        using var model = ModelPackage.OpenVectorQuantized(packages.Unconditional.Directory);
        var images = TrainingImages.Batch(20);
        var codes = model.Encode(images);
        using var x = tensor(images.Pixels, 20, 1, 28, 28);
        using var expected = packages.Autoencoder.Codes(x);
        Assert.That(codes, Is.EqualTo(expected.data<long>().ToArray().Select(c => (int)c).ToArray()), "nearest codes");
        Assert.That(codes.Distinct().Count(), Is.GreaterThan(2), "the trained encoder uses several codes");

        var reconstructed = model.Reconstruct(images);
        using var noGrad = no_grad();
        using var reference = packages.Autoencoder.DecodeCodes(expected);
        Assert.That(reconstructed.Pixels, Is.EqualTo(reference.data<float>().ToArray()).Within(1e-4));
        Assert.That(model.Decode(codes, 20).Pixels, Is.EqualTo(reconstructed.Pixels));
        Assert.That(model.Codebook.Vector(3).ToArray(), Is.EqualTo(packages.Autoencoder.Quantizer.Codebook.detach()[3].data<float>().ToArray()));
    }

    [Test]
    public void ThePriorsLikelihoodIsTorchSharps()
    {
        var (directory, prior) = packages.Conditional;
        using var model = ModelPackage.OpenVectorQuantized(directory);
        var images = TrainingImages.Batch(6);
        var codes = model.Encode(images);
        int[] labels = [0, 1, 2, 3, 4, 9];
        var logLikelihood = model.PriorLogLikelihood(codes, 6, labels);
        using var noGrad = no_grad();
        using var values = tensor(codes.Select(c => (float)c).ToArray(), 6, 1, 7, 7);
        using var condition = prior.Prior.Condition(tensor(labels.Select(l => (long)l).ToArray()));
        using var nll = prior.Prior.NegativeLogLikelihood(values, condition);
        Assert.That(logLikelihood.Select(v => -v).ToArray(), Is.EqualTo(nll.data<float>().ToArray().Select(v => (double)v).ToArray()).Within(1e-3));
        Assert.That(() => model.PriorLogLikelihood(codes, 6), Throws.ArgumentException.With.Message.Contains("conditional"));
        Assert.That(() => model.PriorLogLikelihood(codes.Select(c => c + 100).ToArray(), 6, labels), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void BothLoopsDrawTheSameCodesAndTheSameSeedGivesTheSameImages()
    {
        foreach (var directory in new[] { packages.Unconditional.Directory, packages.Conditional.Directory })
        {
            using var model = ModelPackage.OpenVectorQuantized(directory);
            Assert.That(model.HasStepNetwork, Is.True);
            int[]? labels = model.IsConditional ? [1, 5, 7] : null;
            (float[] Codes, double[] LogLikelihoods) Codes(AutoregressiveDecoding decoding)
            {
                using var sampler = model.CreateSampler(3, new AutoregressiveSamplingOptions { Decoding = decoding, Temperature = 0.8 });
                Assert.That(sampler.Decoding, Is.EqualTo(decoding));
                sampler.Reset(11, labels);
                sampler.Run();
                return (sampler.Codes.ToArray(), sampler.LogLikelihoods.ToArray());
            }
            var (incremental, likelihoods) = Codes(AutoregressiveDecoding.Incremental);
            var naive = Codes(AutoregressiveDecoding.Naive);
            Assert.That(naive.Codes, Is.EqualTo(incremental), $"{directory}: the step network's codes are the full network's");
            // The same codes can come from slightly different logits: log p(z), a sum over every position's logits, cannot.
            Assert.That(naive.LogLikelihoods, Is.EqualTo(likelihoods).Within(1e-3), $"{directory}: the step network's log p(z) is the full network's");
            Assert.That(incremental.Distinct().Count(), Is.GreaterThan(3), "the prior draws varied codes");

            var first = model.Sample(5, 3, model.IsConditional ? 2 : null);
            var second = model.Sample(5, 3, model.IsConditional ? 2 : null, new AutoregressiveSamplingOptions { BatchSize = 2 });
            Assert.That(second.Pixels, Is.EqualTo(first.Pixels), "same seed, same images, whatever the chunking");
            using var single = ModelPackage.OpenVectorQuantized(directory, new RuntimeOptions { IntraOpThreads = 1 });
            var workers = single.Sample(5, 3, model.IsConditional ? 2 : null, new AutoregressiveSamplingOptions { Workers = 2 });
            Assert.That(workers.Pixels, Is.EqualTo(first.Pixels), "and whatever the workers");
            Assert.That((first.Count, first.Height, first.Width), Is.EqualTo((5, 28, 28)));
            Assert.That(first.Pixels.All(p => p is >= 0 and <= 1), Is.True);
        }
    }

    [Test]
    public void ASamplerAdvancesOneCodeAtATimeAndDecodesItsGrid()
    {
        using var model = ModelPackage.OpenVectorQuantized(packages.Conditional.Directory);
        using var sampler = model.CreateSampler(2);
        Assert.That(sampler.TotalSteps, Is.EqualTo(49), "one step per code of the 7×7 grid");
        sampler.Reset(4, [3, 8]);
        Assert.That(sampler.Step(), Is.True);
        Assert.That(sampler.StepsDone, Is.EqualTo(1));
        Assert.That(() => sampler.Result(), Throws.InvalidOperationException.With.Message.Contains("Step()"));
        while (sampler.Step()) { }
        var images = sampler.Result();
        Assert.That(images.Pixels, Is.EqualTo(model.Decode(sampler.Codes, 2).Pixels));
        Assert.That(images.Pixels, Is.EqualTo(model.Sample([3, 8], 4).Pixels), "the stepwise sampler gives Sample's images");
        Assert.That(sampler.LogLikelihoods.ToArray().All(l => l < 0 && double.IsFinite(l)), Is.True);
        Assert.That(() => sampler.Reset(4), Throws.ArgumentException.With.Message.Contains("conditional"));
    }

    [Test]
    public void OpenFindsTheFamilyAndTheOtherOpenersRefuseIt()
    {
        using var opened = ModelPackage.Open(packages.Unconditional.Directory);
        Assert.That(opened, Is.InstanceOf<VectorQuantizedModel>());
        Assert.That(() => ModelPackage.OpenAutoregressive(packages.Unconditional.Directory), Throws.TypeOf<Pipeline.Runtime.Packages.PackageException>().With.Message.Contains("not an autoregressive"));
    }
}
