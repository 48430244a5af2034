using Pipeline.Tests.Support;
using Microsoft.ML.OnnxRuntime;
using NUnit.Framework;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Sessions;

/// <summary>
/// The call pattern for sampling loops: OrtValues over pinned buffers, created once, bound once in an
/// OrtIoBinding, then RunWithBinding every step. New inputs are written into the same buffer.
/// </summary>
public class ZeroAllocationRunTests : LinearModelFixture
{
    private const int Batch = 64;
    private const int Calls = 2000;

    private OnnxSession _session = null!;

    [OneTimeSetUp]
    public void Open() => _session = OnnxSession.Open(ModelPath, new RuntimeOptions { IntraOpThreads = 1 });

    [OneTimeTearDown]
    public void Close() => _session?.Dispose();

    [Test]
    public void RunWithBindingReusesTheBuffersAndAllocatesNothingPerCall()
    {
        var x = new float[Batch * LinearModel.Inputs];
        var y = new float[Batch * LinearModel.Outputs];
        using var input = OrtValue.CreateTensorValueFromMemory(x, [Batch, LinearModel.Inputs]);
        using var output = OrtValue.CreateTensorValueFromMemory(y, [Batch, LinearModel.Outputs]);
        using var runOptions = new RunOptions();
        using var binding = _session.Session.CreateIoBinding();
        binding.BindInput(LinearModel.InputName, input);
        binding.BindOutput(LinearModel.OutputName, output);

        LinearModelRunner.Inputs(Batch).CopyTo(x, 0);
        _session.Session.RunWithBinding(runOptions, binding);
        Assert.That(y, Is.EqualTo(LinearModel.Compute(x)).Within(1e-5f), "the output buffer holds the result");
        x.AsSpan().Fill(1f);
        _session.Session.RunWithBinding(runOptions, binding);
        Assert.That(y, Is.EqualTo(LinearModel.Compute(x)).Within(1e-5f), "new inputs written in place are seen");

        var perCall = AllocatedBytesPerCall(() => _session.Session.RunWithBinding(runOptions, binding));

        TestContext.Out.WriteLine($"RunWithBinding: {perCall:F2} managed bytes per call");
        Assert.That(perCall, Is.EqualTo(0.0));
    }

    [Test]
    public void RunIntoPreallocatedOutputsAllocatesLittlePerCall()
    {
        var x = LinearModelRunner.Inputs(Batch);
        var y = new float[Batch * LinearModel.Outputs];
        using var input = OrtValue.CreateTensorValueFromMemory(x, [Batch, LinearModel.Inputs]);
        using var output = OrtValue.CreateTensorValueFromMemory(y, [Batch, LinearModel.Outputs]);
        using var runOptions = new RunOptions();
        string[] inputNames = [LinearModel.InputName];
        string[] outputNames = [LinearModel.OutputName];
        OrtValue[] inputs = [input];
        OrtValue[] outputs = [output];

        _session.Session.Run(runOptions, inputNames, inputs, outputNames, outputs);
        Assert.That(y, Is.EqualTo(LinearModel.Compute(x)).Within(1e-5f));

        var perCall = AllocatedBytesPerCall(() => _session.Session.Run(runOptions, inputNames, inputs, outputNames, outputs));

        // This overload builds small name and handle arrays on every call (a few hundred bytes).
        TestContext.Out.WriteLine($"Run(RunOptions, names, OrtValues, names, OrtValues): {perCall:F2} managed bytes per call");
        Assert.That(perCall, Is.LessThan(2048));
    }

    private static double AllocatedBytesPerCall(Action call)
    {
        for (var i = 0; i < 50; i++) call();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++) call();
        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
    }
}
