using NUnit.Framework;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;
using Pipeline.Tests.Support;

namespace Pipeline.Runtime.Tests.Sessions;

/// <summary>
/// Off the CPU, a loop's host inputs are bound again before each run (ONNX Runtime copies a bound host input when it is
/// bound). The switch runs that path on the CPU here: the loops give the same images bit for bit, step after step.
/// </summary>
public class HostInputBindingTests
{
    [Test]
    public void GpuProvidersBindAgainAndTheCpuDoesNot()
    {
        Assert.That(HostInputBinding.MustRebind(ExecutionProvider.Cuda), Is.True);
        Assert.That(HostInputBinding.MustRebind(ExecutionProvider.TensorRT), Is.True);
        Assert.That(HostInputBinding.MustRebind(ExecutionProvider.Cpu), Is.False);
    }

    [TestCase(DiffusionStatePlacement.Host)]
    [TestCase(DiffusionStatePlacement.Device)]
    [TestCase(DiffusionStatePlacement.CudaGraph)]
    public void BindingAgainBeforeEachRunChangesNoImage(DiffusionStatePlacement placement)
    {
        using var directory = new TempDirectory();
        using var model = ModelPackage.OpenDiffusion(new ToyDiffusion { ClassCount = 3, ClipSample = true }.Write(directory.File("toy")), new RuntimeOptions { IntraOpThreads = 1 });
        float[] Sample()
        {
            using var sampler = model.CreateSampler(3, DiffusionSamplingOptions.Ddim(12) with { GuidanceScale = 3, Eta = 1, StatePlacement = placement });
            sampler.Reset(4, [2, 0, 1]);
            sampler.Run();
            return sampler.Result().Pixels;
        }
        var once = Sample();
        AppContext.SetSwitch(HostInputBinding.Switch, true);
        try
        {
            Assert.That(HostInputBinding.MustRebind(ExecutionProvider.Cpu), Is.True);
            Assert.That(Sample(), Is.EqualTo(once));
        }
        finally
        {
            AppContext.SetSwitch(HostInputBinding.Switch, false);
        }
    }
}
