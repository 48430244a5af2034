using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>The step-at-a-time API: Reset, Step, Result; progress, cancellation, and no allocation per step.</summary>
public class DiffusionSamplerTests() : ToyDiffusionFixture(new ToyDiffusion { ClassCount = 3, ClipSample = true })
{
    [Test]
    public void StepRunsOneReverseStepAndReturnsFalseWhenDone()
    {
        using var sampler = Model.CreateSampler(2, new DiffusionSamplingOptions { Sampler = DiffusionSamplerKind.Ddim, Steps = 5 });
        Assert.That(() => sampler.Step(), Throws.InvalidOperationException.With.Message.Contains("Reset"));
        Assert.That(sampler.Timesteps.ToArray(), Is.EqualTo(new[] { 800, 600, 400, 200, 0 }));
        Assert.That(sampler.TotalSteps, Is.EqualTo(5));
        sampler.Reset(1, [0, 1]);
        Assert.That(() => sampler.Result(), Throws.InvalidOperationException.With.Message.Contains("0 of 5"));
        var initial = sampler.Current.ToArray();
        var results = new List<bool>();
        for (var i = 0; i < 5; i++)
        {
            results.Add(sampler.Step());
            Assert.That(sampler.StepsDone, Is.EqualTo(i + 1));
        }
        Assert.That(results, Is.EqualTo(new[] { true, true, true, true, false }));
        Assert.That(sampler.IsComplete, Is.True);
        Assert.That(sampler.Step(), Is.False, "nothing left to do");
        Assert.That(sampler.StepsDone, Is.EqualTo(5));
        Assert.That(sampler.Current.ToArray(), Is.Not.EqualTo(initial));
        Assert.That(sampler.Result().Count, Is.EqualTo(2));

        sampler.Reset(1, [0, 1]);
        Assert.That(sampler.Current.ToArray(), Is.EqualTo(initial), "Reset starts again from the seed's x_T");
        Assert.That(sampler.StepsDone, Is.EqualTo(0));
    }

    [Test]
    public void ProgressCountsTheStepsOfEveryChunk()
    {
        var progress = new RecordingProgress();
        Model.Sample(5, 2, 1, new DiffusionSamplingOptions { Steps = 10, BatchSize = 2 }, progress);
        Assert.That(progress.Reports, Is.EqualTo(Enumerable.Range(1, 30).ToArray()), "3 chunks of 10 steps");
    }

    [Test]
    public void CancellationStopsBetweenSteps()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(done => { if (done == 7) cancellation.Cancel(); });
        Assert.That(() => Model.Sample(2, 2, 0, new DiffusionSamplingOptions { Steps = 50 }, progress, cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(progress.Reports.Last(), Is.EqualTo(7), "no step after the request");

        using var sampler = Model.CreateSampler(1);
        sampler.Reset(3, [2]);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.That(() => sampler.Run(null, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(sampler.StepsDone, Is.EqualTo(0));
    }

    [Test]
    public void StepsAllocateNoManagedMemory()
    {
        // Guided (2N rows), DDPM with clipping and noise on every step: the busiest path, plus inpainting with resampling.
        using var sampler = Model.CreateSampler(4, new DiffusionSamplingOptions { GuidanceScale = 3 });
        Assert.That(sampler.NetworkBatchSize, Is.EqualTo(8));
        var perStep = AllocatedBytesPerStep(sampler, inpaint: false);
        var perInpaintingStep = AllocatedBytesPerStep(sampler, inpaint: true);
        TestContext.Out.WriteLine($"DiffusionSampler.Step(): {perStep} bytes per step; inpainting with resampling: {perInpaintingStep}");
        Assert.That(perStep, Is.EqualTo(0.0));
        Assert.That(perInpaintingStep, Is.EqualTo(0.0));
    }

    private static double AllocatedBytesPerStep(DiffusionSampler sampler, bool inpaint)
    {
        const int steps = 400;
        sampler.Reset(5, [0, 1, 2, 0]);
        if (inpaint)
            sampler.SetKnownRegion(new ImageBatch(4, 1, 4, 4, Enumerable.Range(0, 64).Select(i => i / 64f).ToArray()),
                Enumerable.Range(0, 16).Select(i => i % 3 == 0).ToArray(), resampling: 2);
        for (var i = 0; i < 20; i++) sampler.Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++) sampler.Step();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)steps;
    }
}
