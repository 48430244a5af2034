using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;
using Pipeline.Tests.Support;

namespace Pipeline.Runtime.Tests.Diffusion;

/// <summary>
/// <see cref="DiffusionStatePlacement.Device"/>: x_t kept in the provider's tensors and stepped by the step graph gives the
/// host loop's images up to float rounding, for every sampler, guidance mode and package kind; on the CPU provider here,
/// where the provider's memory is ONNX Runtime's own CPU allocations. <see cref="DiffusionStatePlacement.CudaGraph"/>'s
/// bindings (every denoiser input in the provider's memory, filled by the copying graph) give Device's images bit for bit;
/// the capture itself needs a GPU (tools/gpu-check.sh).
/// </summary>
public class DeviceDiffusionStateTests
{
    private static readonly RuntimeOptions OneThread = new() { IntraOpThreads = 1 };
    private TempDirectory directory = null!;
    private DiffusionModel conditional = null!, plain = null!, latent = null!;

    [OneTimeSetUp]
    public void OpenPackages()
    {
        directory = new TempDirectory();
        conditional = ModelPackage.OpenDiffusion(new ToyDiffusion { ClassCount = 3, ClipSample = true }.Write(directory.File("conditional")), OneThread);
        plain = ModelPackage.OpenDiffusion(new ToyDiffusion().Write(directory.File("plain")), OneThread);
        latent = ModelPackage.OpenDiffusion(new ToyDiffusion
        {
            Family = ModelFamily.LatentDiffusion, SampleShape = [6], Image = new ImageSpec(1, 5, 5, PixelScaling.ZeroOne), ClassCount = 2, LatentScale = 0.7,
        }.Write(directory.File("latent")), OneThread);
    }

    [OneTimeTearDown]
    public void Close()
    {
        conditional?.Dispose();
        plain?.Dispose();
        latent?.Dispose();
        directory.Dispose();
    }

    private static IEnumerable<TestCaseData> Cases()
    {
        var samplers = new (string Name, DiffusionSamplingOptions Options)[]
        {
            ("DDPM-1000", new() { Sampler = DiffusionSamplerKind.Ddpm }),
            ("DDPM-25 fixed large", new() { Sampler = DiffusionSamplerKind.Ddpm, Steps = 25, Variance = DdpmVariance.FixedLarge }),
            ("DDIM-20", DiffusionSamplingOptions.Ddim(20)),
            ("DDIM-20 eta 1", DiffusionSamplingOptions.Ddim(20) with { Eta = 1 }),
            ("DDIM-1", DiffusionSamplingOptions.Ddim(1) with { Spacing = TimestepSpacing.Trailing }),
        };
        foreach (var (name, options) in samplers)
        {
            yield return new TestCaseData("plain", options, null).SetArgDisplayNames($"unconditional, no clipping, {name}");
            foreach (var w in new[] { 0.0, 1.0, 3.0 })
                yield return new TestCaseData("conditional", options with { GuidanceScale = w }, new[] { 0, 2, 1 }).SetArgDisplayNames($"conditional w = {w}, clipped, {name}");
            yield return new TestCaseData("latent", options with { GuidanceScale = 2 }, new[] { 1, 0, 1 }).SetArgDisplayNames($"latent, w = 2, {name}");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void TheDeviceLoopGivesTheHostLoopsImages(string package, DiffusionSamplingOptions options, int[]? labels)
    {
        var model = package switch { "plain" => plain, "latent" => latent, _ => conditional };
        ImageBatch Sample(DiffusionStatePlacement placement)
        {
            using var sampler = model.CreateSampler(3, options with { StatePlacement = placement });
            Assert.That(sampler.StatePlacement, Is.EqualTo(placement));
            sampler.Reset(11, labels ?? []);
            sampler.Run();
            return sampler.Result();
        }
        var host = Sample(DiffusionStatePlacement.Host);
        var device = Sample(DiffusionStatePlacement.Device);
        var largest = host.Pixels.Zip(device.Pixels, (a, b) => Math.Abs(a - b)).Max();
        TestContext.Out.WriteLine($"max |host − device| = {largest:G3}");
        Assert.That(largest, Is.LessThan(1e-4), "the same images up to float rounding");
        Assert.That(Sample(DiffusionStatePlacement.Device).Pixels, Is.EqualTo(device.Pixels), "the same seed gives the same images");
        Assert.That(Sample(DiffusionStatePlacement.CudaGraph).Pixels, Is.EqualTo(device.Pixels), "CudaGraph's bindings: Device's images");
    }

    [TestCase(DiffusionStatePlacement.Device)]
    [TestCase(DiffusionStatePlacement.CudaGraph)]
    public void CurrentIsTheStartUntilTheLastStepBringsX0Back(DiffusionStatePlacement placement)
    {
        using var sampler = conditional.CreateSampler(2, DiffusionSamplingOptions.Ddim(4) with { StatePlacement = placement });
        sampler.Reset(5, [1, 2]);
        var start = sampler.Current.ToArray();
        for (var i = 0; i < 3; i++) sampler.Step();
        Assert.That(sampler.Current.ToArray(), Is.EqualTo(start), "x_t stays on the device");
        Assert.That(sampler.Step(), Is.False);
        Assert.That(sampler.Current.ToArray(), Is.Not.EqualTo(start));
        var first = sampler.Result().Pixels;
        sampler.Reset(5, [1, 2]);
        Assert.That(sampler.Current.ToArray(), Is.EqualTo(start), "Reset starts again");
        sampler.Run();
        Assert.That(sampler.Result().Pixels, Is.EqualTo(first), "a reused sampler gives the same images");
    }

    [TestCase(DiffusionStatePlacement.Device)]
    [TestCase(DiffusionStatePlacement.CudaGraph)]
    public void StepsAllocateNoManagedMemory(DiffusionStatePlacement placement)
    {
        using var sampler = conditional.CreateSampler(4, new DiffusionSamplingOptions { GuidanceScale = 3, StatePlacement = placement });
        sampler.Reset(5, [0, 1, 2, 0]);
        for (var i = 0; i < 20; i++) sampler.Step();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 400; i++) sampler.Step();
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.EqualTo(0));
    }

    [TestCase(DiffusionStatePlacement.Device)]
    [TestCase(DiffusionStatePlacement.CudaGraph)]
    public void InpaintingAsksForTheHost(DiffusionStatePlacement placement)
    {
        using var sampler = conditional.CreateSampler(1, new DiffusionSamplingOptions { StatePlacement = placement });
        sampler.Reset(1, [0]);
        Assert.That(() => sampler.SetKnownRegion(new ImageBatch(1, 1, 4, 4, new float[16]), new bool[16]),
            Throws.InstanceOf<NotSupportedException>().With.Message.Contains("StatePlacement = Host").And.Message.Contains(placement.ToString()));
        Assert.That(() => conditional.CreateSampler(1, new DiffusionSamplingOptions { StatePlacement = (DiffusionStatePlacement)7 }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contains("Host, Device or CudaGraph"));
    }

    [Test]
    public void WithTheCopyingGraphNoDenoiserInputIsBoundAgain()
    {
        var rule = new DdimScheduler(conditional.Schedule, clipSample: true).Affine(999);
        using (var captured = new DeviceDiffusionState(conditional.DenoiserSession, conditional.StepGraph(2, null, rule), conditional.CopySession, false, 0, 2, 2, [1, 4, 4], 3))
        {
            Assert.That(captured.DenoiserInputsStayPut, Is.True, "a CUDA graph replays the addresses it captured");
            Assert.That(captured.DenoiserGraphIds.ToArray(), Is.EqualTo(new[] { 0, 1, 2 }), "no run from the host input; one graph for each of x_t's tensors");
        }
        using (var device = new DeviceDiffusionState(conditional.DenoiserSession, conditional.StepGraph(2, null, rule), null, false, 0, 2, 2, [1, 4, 4], 3))
        {
            Assert.That(device.DenoiserInputsStayPut, Is.False, "Device binds the timestep and the labels again off the CPU");
            Assert.That(device.DenoiserGraphIds.ToArray(), Is.All.Zero);
        }
        Assert.That(conditional.DenoiserSession.Session.InputMetadata, Is.Not.Empty, "the model's denoiser stays open: the state owned none");
    }

    [Test]
    public void SamplersOfOneShapeShareOneStepGraph()
    {
        var rule = new DdimScheduler(conditional.Schedule, clipSample: true).Affine(999);
        var graph = conditional.StepGraph(3, null, rule);
        Assert.That(conditional.StepGraph(3, null, rule), Is.SameAs(graph), "opened once per shape");
        Assert.That(conditional.StepGraph(4, null, rule), Is.Not.SameAs(graph), "another batch size");
        Assert.That(conditional.StepGraph(3, 2.0, rule), Is.Not.SameAs(graph), "guided: 2N rows");
        Assert.That(conditional.StepGraph(3, null, rule with { ImpliedNoise = false }), Is.Not.SameAs(graph), "another rule");
        using (conditional.CreateSampler(3, DiffusionSamplingOptions.Ddim(5) with { GuidanceScale = 1, StatePlacement = DiffusionStatePlacement.Device }))
        {
        }
        Assert.That(conditional.StepGraph(3, null, rule).Session.InputMetadata, Does.ContainKey(SchedulerUpdateGraph.Coefficients), "a sampler leaves the shared session open");
    }

    [Test]
    public void ChunkedSamplingOnTheDeviceGivesTheHostsImages()
    {
        var options = DiffusionSamplingOptions.Ddim(10) with { BatchSize = 2 };
        var host = conditional.Sample(5, 9, null, options);
        var device = conditional.Sample(5, 9, null, options with { StatePlacement = DiffusionStatePlacement.Device });
        Assert.That(device.Pixels, Is.EqualTo(host.Pixels).Within(1e-4f));
        Assert.That(conditional.Sample(5, 9, null, options with { StatePlacement = DiffusionStatePlacement.CudaGraph }).Pixels, Is.EqualTo(device.Pixels));
    }

    [Test]
    public void ACudaGraphSamplerStepsOnTheThreadOfItsFirstStep()
    {
        using var sampler = conditional.CreateSampler(2, DiffusionSamplingOptions.Ddim(6) with { StatePlacement = DiffusionStatePlacement.CudaGraph });
        sampler.Reset(3, [0, 1]);
        sampler.Step();
        var elsewhere = Task.Run(() => sampler.Step());
        Assert.That(() => elsewhere.GetAwaiter().GetResult(),
            Throws.InvalidOperationException.With.Message.Contains("steps on the thread of its first step").And.Message.Contains("ONNX Runtime keeps its CUDA graphs per thread"));
        Assert.That(sampler.Step(), Is.True, "its own thread goes on");

        using var device = conditional.CreateSampler(2, DiffusionSamplingOptions.Ddim(6) with { StatePlacement = DiffusionStatePlacement.Device });
        device.Reset(3, [0, 1]);
        device.Step();
        Assert.That(Task.Run(() => device.Step()).GetAwaiter().GetResult(), Is.True, "Device has no graphs to keep");
    }

    [Test]
    public void CudaGraphsSampleOnOneWorker()
    {
        var options = DiffusionSamplingOptions.Ddim(4) with { BatchSize = 2, Workers = 2, StatePlacement = DiffusionStatePlacement.CudaGraph };
        Assert.That(() => conditional.Sample(4, 1, null, options),
            Throws.ArgumentException.With.Message.Contains("one worker (Workers = 1, not 2)"));
        Assert.That(conditional.Sample(4, 1, null, options with { StatePlacement = DiffusionStatePlacement.Device }).Count, Is.EqualTo(4));
    }
}
