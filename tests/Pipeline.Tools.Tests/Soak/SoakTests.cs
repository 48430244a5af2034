using NUnit.Framework;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Soak;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Soak;

/// <summary>The long runs' table covers every family, and `soak` measures a case (the long runs themselves are a command).</summary>
public sealed class SoakTests
{
    [Test]
    public void EveryFamilyTheRuntimeSamplesHasASoakCase()
    {
        var sampled = Enum.GetValues<ModelFamily>().Where(f => f != ModelFamily.Classifier);
        Assert.That(SoakCases.All.Select(c => c.Family).Distinct(), Is.SupersetOf(sampled), "a new family adds its row to SoakCases");
    }

    [Test]
    public void ASoakOfOneFamilyPrintsItsMemoryAndTensors()
    {
        var (code, output) = ToolsProcess.Run("soak", "--family", "autoencoder", "--train-steps", "30", "--sampler-steps", "20", "--images", "200");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("autoencoder conv-autoencoder: training drift").And.Contain("live tensors").And.Contain("sampler drift"));
    }
}
