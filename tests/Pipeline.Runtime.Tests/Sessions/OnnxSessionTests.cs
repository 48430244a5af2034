using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Sessions;

public class OnnxSessionTests : LinearModelFixture
{
    [TestCase(1)]
    [TestCase(5)]
    public void RunsTheModelOnCpuWithAnyBatchSize(int batch)
    {
        using var session = OnnxSession.Open(ModelPath);
        var x = LinearModelRunner.Inputs(batch);

        var y = LinearModelRunner.Run(session, x);

        Assert.That(y, Is.EqualTo(LinearModel.Compute(x)).Within(1e-5f));
    }

    [Test]
    public void UsesTheCpuByDefault()
    {
        using var session = OnnxSession.Open(ModelPath);

        Assert.That(session.RequestedProvider, Is.EqualTo(ExecutionProvider.Cpu));
        Assert.That(session.Provider, Is.EqualTo(ExecutionProvider.Cpu));
        Assert.That(session.FallbackReason, Is.Null);
        Assert.That(session.ModelPath, Is.EqualTo(Path.GetFullPath(ModelPath)));
    }

    [Test]
    public void ExposesTheModelsInputsAndOutputs()
    {
        using var session = OnnxSession.Open(ModelPath, new RuntimeOptions { IntraOpThreads = 1 });

        Assert.That(session.Session.InputMetadata.Keys, Is.EqualTo(new[] { LinearModel.InputName }));
        Assert.That(session.Session.OutputMetadata.Keys, Is.EqualTo(new[] { LinearModel.OutputName }));
        Assert.That(session.Session.InputMetadata[LinearModel.InputName].Dimensions, Is.EqualTo(new[] { -1, LinearModel.Inputs }));
    }
}
