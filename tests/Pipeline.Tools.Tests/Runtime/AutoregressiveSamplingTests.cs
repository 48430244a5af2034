using NUnit.Framework;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>The runtime's autoregressive loop in C#: exact likelihoods, fast = naive, seeds, batches, labels, allocation.</summary>
public sealed class AutoregressiveSamplingTests
{
    private SmallAutoregressivePackages packages = null!;

    [OneTimeSetUp]
    public void ExportOnce() => packages = new SmallAutoregressivePackages();

    [OneTimeTearDown]
    public void Cleanup() => packages.Dispose();

    private IEnumerable<string> All() => packages.All;

    [Test]
    public void TheLogLikelihoodTheLoopAccumulatesIsTheNetworksLikelihoodOfTheImage()
    {
        foreach (var package in packages.All)
        {
            using var model = ModelPackage.OpenAutoregressive(package);
            using var sampler = model.CreateSampler(3);
            int[] labels = model.IsConditional ? [0, 4, 9] : [];
            sampler.Reset(seed: 5, labels);
            sampler.Run();
            var images = sampler.Result();
            var likelihood = model.LogLikelihood(images, model.IsConditional ? labels : null, firstMaskOnly: true);
            for (var n = 0; n < 3; n++)
                Assert.That(sampler.LogLikelihoods[n], Is.EqualTo(likelihood[n]).Within(1e-4 * Math.Abs(likelihood[n])), $"{model.Manifest.Kind}, image {n}");
            Assert.That(model.Quantize(images.Pixels), Is.EqualTo(sampler.Values.ToArray()), "the images quantize back to the drawn values");
        }
    }

    [TestCase(1L)]
    [TestCase(2L)]
    [TestCase(3L)]
    public void IncrementalAndNaiveDecodingDrawTheSameImages(long seed)
    {
        foreach (var package in packages.Incremental)
        {
            using var model = ModelPackage.OpenAutoregressive(package);
            Assert.That(model.HasStepNetwork, Is.True);
            using var fast = model.CreateSampler(4);
            using var naive = model.CreateSampler(4, new AutoregressiveSamplingOptions { Decoding = AutoregressiveDecoding.Naive });
            Assert.That((fast.Decoding, naive.Decoding), Is.EqualTo((AutoregressiveDecoding.Incremental, AutoregressiveDecoding.Naive)));
            int[] labels = model.IsConditional ? [1, 2, 3, 8] : [];
            fast.Reset(seed, labels);
            naive.Reset(seed, labels);
            var worst = 0.0;
            while (fast.Step() | naive.Step())
                for (var i = 0; i < fast.LastProbabilities.Length; i++)
                    worst = Math.Max(worst, Math.Abs(fast.LastProbabilities[i] - naive.LastProbabilities[i]));
            Assert.That(worst, Is.LessThanOrEqualTo(1e-5), $"{model.Manifest.Kind}: per-position probabilities of both loops");
            Assert.That(fast.Values.ToArray(), Is.EqualTo(naive.Values.ToArray()), $"{model.Manifest.Kind}: the same images");
        }
    }

    [Test]
    public void PixelCnnPackagesDecodeInRowFormWithTheirRowsNetworkRunOncePerImageRow()
    {
        var observer = new RunCounter();
        using var model = ModelPackage.OpenAutoregressive(packages.ConditionalPixelCnn, new RuntimeOptions { Observer = observer });
        Assert.That(model.Spec.Incremental, Is.EqualTo(IncrementalDecoding.RowPixelCnn));
        Assert.That(model.Manifest.Networks.Keys, Is.EquivalentTo(new[] { "logits", "rows", "step" }));

        model.Sample(4, seed: 1, label: 2, new AutoregressiveSamplingOptions { BatchSize = 4 });

        var side = SmallAutoregressivePackages.Side;
        Assert.That(observer.Runs, Is.EqualTo(new Dictionary<string, int> { ["rows.onnx"] = side, ["step.onnx"] = side * side }));
    }

    [TestCaseSource(nameof(Names))]
    public void AnImageDoesNotDependOnItsBatch(string name)
    {
        using var model = ModelPackage.OpenAutoregressive(Package(name));
        var label = model.IsConditional ? 6 : (int?)null;
        var together = model.Sample(5, seed: 9, label, new AutoregressiveSamplingOptions { BatchSize = 5 });
        var chunked = model.Sample(5, seed: 9, label, new AutoregressiveSamplingOptions { BatchSize = 2 });
        Assert.That(chunked.Pixels, Is.EqualTo(together.Pixels));
        Assert.That(model.Sample(5, seed: 10, label).Pixels, Is.Not.EqualTo(together.Pixels), "another seed, other images");
    }

    [TestCaseSource(nameof(Names))]
    public void WorkersDrawTheImagesOfOneWorker(string name)
    {
        using var model = ModelPackage.OpenAutoregressive(Package(name));
        using var single = ModelPackage.OpenAutoregressive(Package(name), new RuntimeOptions { IntraOpThreads = 1 });
        var label = model.IsConditional ? 3 : (int?)null;
        var one = model.Sample(7, seed: 4, label, new AutoregressiveSamplingOptions { BatchSize = 3 });
        // Chunks of 3, 3 and 1 on three threads: the last worker makes a sampler of another size.
        var three = single.Sample(7, seed: 4, label, new AutoregressiveSamplingOptions { BatchSize = 3, Workers = 3 });
        Assert.That(three.Pixels, Is.EqualTo(one.Pixels));
    }

    [TestCaseSource(nameof(Names))]
    public void AStepNetworkOnMoreThreadsDrawsTheSameImages(string name)
    {
        using var model = ModelPackage.OpenAutoregressive(Package(name));
        using var two = ModelPackage.OpenAutoregressive(Package(name), new RuntimeOptions { StepNetworkThreads = 2 });
        var label = model.IsConditional ? 2 : (int?)null;
        var options = new AutoregressiveSamplingOptions { BatchSize = 6 };
        Assert.That(two.Sample(6, seed: 5, label, options).Pixels, Is.EqualTo(model.Sample(6, seed: 5, label, options).Pixels));
    }

    [Test]
    public void ARequestIsCutSoEveryWorkerHasAChunkAndProgressAddsUpTheirSteps()
    {
        using var model = ModelPackage.OpenAutoregressive(packages.Nade, new RuntimeOptions { IntraOpThreads = 1 });
        var positions = model.Spec.Positions;
        var reported = new List<int>();
        var progress = new SynchronousProgress(value => { lock (reported) reported.Add(value); });
        model.Sample(8, seed: 1, null, new AutoregressiveSamplingOptions { Workers = 4 }, progress);
        // 8 images on 4 workers are 4 chunks of 2 (not one chunk of the batch size, 64): 4 × D steps, each reported once.
        Assert.That(reported, Is.EqualTo(Enumerable.Range(1, 4 * positions)), "one report per step of every chunk, in order");
        reported.Clear();
        model.Sample(8, seed: 1, null, new AutoregressiveSamplingOptions { Workers = 1 }, progress);
        Assert.That(reported, Is.EqualTo(Enumerable.Range(1, positions)), "one worker: one chunk of 8");
        Assert.That(() => model.Sample(2, 1, null, new AutoregressiveSamplingOptions { Workers = 0 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("workers"));
    }

    [Test]
    public void CancellingStopsEveryWorkerWithOperationCanceled()
    {
        using var model = ModelPackage.OpenAutoregressive(packages.PixelCnn, new RuntimeOptions { IntraOpThreads = 1 });
        using var cancel = new CancellationTokenSource();
        var steps = 0;
        var progress = new SynchronousProgress(_ => { if (Interlocked.Increment(ref steps) == 10) cancel.Cancel(); });
        Assert.That(() => model.Sample(6, seed: 1, null, new AutoregressiveSamplingOptions { Workers = 3 }, progress, cancel.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(steps, Is.LessThan(3 * model.Spec.Positions), "the workers stopped before the end");
    }

    [Test]
    public void AStepAllocatesNothingAfterWarmUp()
    {
        foreach (var package in packages.All)
        {
            using var model = ModelPackage.OpenAutoregressive(package);
            foreach (var decoding in Enum.GetValues<AutoregressiveDecoding>())
            {
                using var sampler = model.CreateSampler(4, new AutoregressiveSamplingOptions { Decoding = decoding });
                sampler.Reset(1, model.IsConditional ? [1, 2, 3, 4] : []);
                for (var i = 0; i < 3; i++) sampler.Step();
                var before = GC.GetAllocatedBytesForCurrentThread();
                for (var i = 0; i < 20; i++) sampler.Step();
                Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero, $"{model.Manifest.Kind}, {decoding}");
            }
        }
    }

    [Test]
    public void ALowTemperatureSharpensEveryConditional()
    {
        using var model = ModelPackage.OpenAutoregressive(packages.PixelCnn256);
        double MeanTop(double temperature)
        {
            using var sampler = model.CreateSampler(2, new AutoregressiveSamplingOptions { Temperature = temperature });
            sampler.Reset(3);
            double top = 0;
            while (sampler.Step()) top += Math.Max(Max(sampler.LastProbabilities[..256]), Max(sampler.LastProbabilities[256..]));
            return top;
        }
        Assert.That(MeanTop(0.05), Is.GreaterThan(2 * MeanTop(1)));
        Assert.That(() => model.CreateSampler(1, new AutoregressiveSamplingOptions { Temperature = 0 }), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("temperature"));
    }

    [Test]
    public void ConditionalPackagesNeedOneValidClassPerItem()
    {
        using var model = ModelPackage.OpenAutoregressive(packages.ConditionalPixelCnn);
        using var sampler = model.CreateSampler(2);
        Assert.That(() => sampler.Reset(1), Throws.ArgumentException.With.Message.Contains("one class label per item"));
        Assert.That(() => sampler.Reset(1, [0, 10]), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("0..9"));
        Assert.That(() => model.Sample(2, 1, 12), Throws.TypeOf<ArgumentOutOfRangeException>());
        var images = model.Sample(2, 1, null);
        Assert.That(() => model.LogLikelihood(images), Throws.ArgumentException.With.Message.Contains("conditional"));
        using var unconditional = ModelPackage.OpenAutoregressive(packages.Nade);
        Assert.That(() => unconditional.Sample(2, 1, 3), Throws.ArgumentException.With.Message.Contains("not conditional"));
    }

    [Test]
    public void RunReportsEveryPositionAndStopsWhenCancelled()
    {
        using var model = ModelPackage.OpenAutoregressive(packages.Nade);
        using var sampler = model.CreateSampler(1);
        sampler.Reset(1);
        var reported = new List<int>();
        sampler.Run(new SynchronousProgress(reported.Add));
        Assert.That(reported, Is.EqualTo(Enumerable.Range(1, sampler.TotalSteps)));
        Assert.That(sampler.Step(), Is.False);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        sampler.Reset(2);
        Assert.That(() => sampler.Run(cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(() => sampler.Result(), Throws.InvalidOperationException.With.Message.Contains("not finished"));
    }

    [Test]
    public void AMaskEnsemblesLikelihoodIsItsMixtures()
    {
        using var model = ModelPackage.OpenAutoregressive(packages.MadeEnsemble);
        Assert.That(model.Spec.Masks, Is.EqualTo(4));
        var images = model.Sample(5, seed: 2);
        var mixture = model.LogLikelihood(images);
        var first = model.LogLikelihood(images, firstMaskOnly: true);
        // log (1/M) Σ_m p_m ≥ log p_0 − log M: the mixture is within log 4 below mask 0's likelihood, or above it.
        for (var n = 0; n < 5; n++) Assert.That(mixture[n], Is.GreaterThan(first[n] - Math.Log(4) - 1e-3));
        Assert.That(mixture, Is.Not.EqualTo(first), "the ensemble network is used");
    }

    private static IEnumerable<string> Names() => ["fvsbn", "nade", "made", "made-ensemble", "pixelcnn", "pixelcnn-conditional", "pixelcnn-256"];

    private string Package(string name) => packages.All.Single(p => Path.GetFileName(p) == name);

    private static float Max(ReadOnlySpan<float> values)
    {
        var max = float.MinValue;
        foreach (var v in values) max = Math.Max(max, v);
        return max;
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
