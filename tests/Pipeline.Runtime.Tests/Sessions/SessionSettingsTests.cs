using NUnit.Framework;
using Pipeline.Runtime.Sessions;
using Pipeline.Runtime.Tests.Support;

namespace Pipeline.Runtime.Tests.Sessions;

/// <summary>Every ONNX Runtime session setting of <see cref="RuntimeOptions"/> gives a session that computes the same model.</summary>
public class SessionSettingsTests : LinearModelFixture
{
    private static IEnumerable<TestCaseData> Settings() =>
    [
        new TestCaseData(new RuntimeOptions { GraphOptimization = GraphOptimization.None }).SetName("GraphOptimization None"),
        new TestCaseData(new RuntimeOptions { GraphOptimization = GraphOptimization.Basic }).SetName("GraphOptimization Basic"),
        new TestCaseData(new RuntimeOptions { GraphOptimization = GraphOptimization.Extended }).SetName("GraphOptimization Extended"),
        new TestCaseData(new RuntimeOptions { InterOpThreads = 2 }).SetName("InterOpThreads 2 (parallel execution)"),
        new TestCaseData(new RuntimeOptions { CpuMemoryArena = false }).SetName("CpuMemoryArena off"),
        new TestCaseData(new RuntimeOptions { MemoryPattern = false }).SetName("MemoryPattern off"),
        new TestCaseData(new RuntimeOptions { PrepackWeights = false }).SetName("PrepackWeights off"),
        new TestCaseData(new RuntimeOptions { SpinThreads = false }).SetName("SpinThreads off"),
        new TestCaseData(new RuntimeOptions { IntraOpThreads = 1 }).SetName("IntraOpThreads 1"),
        new TestCaseData(new RuntimeOptions { SharedThreadPool = false }).SetName("SharedThreadPool off"),
    ];

    [TestCaseSource(nameof(Settings))]
    public void ASessionWithTheSettingComputesTheModel(RuntimeOptions options)
    {
        using var session = OnnxSession.Open(ModelPath, options);
        var x = LinearModelRunner.Inputs(3);

        Assert.That(LinearModelRunner.Run(session, x), Is.EqualTo(LinearModel.Compute(x)).Within(1e-5f));
    }

    [Test]
    public void TheDefaultsAreTheMeasuredFastest()
    {
        var defaults = new RuntimeOptions();

        Assert.That((defaults.GraphOptimization, defaults.InterOpThreads, defaults.CpuMemoryArena, defaults.MemoryPattern, defaults.PrepackWeights, defaults.SpinThreads),
                    Is.EqualTo((GraphOptimization.All, 1, true, true, true, true)));
        Assert.That(defaults.IntraOpThreads, Is.EqualTo(Environment.ProcessorCount));
        Assert.That(defaults.StepNetworkThreads, Is.EqualTo(1));
        Assert.That(defaults.SharedThreadPool, Is.True);
    }

    [Test]
    public void StepNetworkThreadsBelowOneAreRefusedByName()
    {
        Assert.That(() => OnnxSession.Open(ModelPath, new RuntimeOptions { StepNetworkThreads = 0 }),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("StepNetworkThreads must be at least 1"));
    }

    [Test]
    public void SessionsShareThePoolOnlyWithItsThreadSettings()
    {
        using var pooled = OnnxSession.Open(ModelPath);
        // The first session of the process sized the pool (none when the environment was made before, e.g. by another test).
        var pool = OnnxSession.SharedPool;
        using var own = OnnxSession.Open(ModelPath, new RuntimeOptions { SharedThreadPool = false });
        using var other = OnnxSession.Open(ModelPath, new RuntimeOptions { IntraOpThreads = (pool?.IntraOpThreads ?? 1) + 1 });
        var x = LinearModelRunner.Inputs(3);

        Assert.That(pooled.SharesThreadPool, Is.EqualTo(pool == (Environment.ProcessorCount, true)));
        Assert.That(own.SharesThreadPool, Is.False);
        Assert.That(other.SharesThreadPool, Is.False);
        foreach (var session in new[] { pooled, own, other })
            Assert.That(LinearModelRunner.Run(session, x), Is.EqualTo(LinearModel.Compute(x)).Within(1e-5f));
    }

    [Test]
    public void OutOfRangeSettingsAreRefusedByName()
    {
        Assert.That(() => OnnxSession.Open(ModelPath, new RuntimeOptions { InterOpThreads = 0 }),
                    Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("InterOpThreads must be at least 1"));
        Assert.That(() => OnnxSession.Open(ModelPath, new RuntimeOptions { GraphOptimization = (GraphOptimization)9 }),
                    Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("GraphOptimization must be None, Basic, Extended or All"));
    }
}
