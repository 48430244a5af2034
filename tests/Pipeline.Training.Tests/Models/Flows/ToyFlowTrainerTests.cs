using NUnit.Framework;
using Pipeline.Models.Flows;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Flows;

/// <summary>The 2-D toy flow: its likelihood improves, and what it learns is a density.</summary>
public sealed class ToyFlowTrainerTests
{
    [Test]
    public void ATrainedToyDensityIntegratesToOneOnAFineGrid()
    {
        random.manual_seed(11);
        using var model = new RealNvp(RealNvpConfig.Toy);
        var path = Path.Combine(Path.GetTempPath(), $"toy-flow-{Guid.NewGuid():N}.safetensors");
        try
        {
            var first = new ToyFlowTrainer(model, ToyDensity.TwoMoons).Train(50, 256, 3e-3, 1, null).LastLoss;
            var trained = new ToyFlowTrainer(model, ToyDensity.TwoMoons).Train(400, 256, 3e-3, 2, path).LastLoss;
            Assert.That(trained, Is.LessThan(first - 0.3), "the negative log-likelihood falls");
            Assert.That(File.Exists(path), Is.True);
            // ∫ p over [−4, 4]² by the midpoint rule on 400 × 400 cells
            const double extent = 4;
            const int cells = 400;
            var mass = FlowEvaluation.LogDensityGrid(model, extent, cells).Sum(l => Math.Exp(l)) * Math.Pow(2 * extent / cells, 2);
            Assert.That(mass, Is.EqualTo(1).Within(0.01));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void TheToyTrainerRefusesImageFlows()
    {
        using var model = new RealNvp(RealNvpTests.Small);
        Assert.That(() => new ToyFlowTrainer(model, ToyDensity.Checkerboard), Throws.ArgumentException.With.Message.Contains("RealNvpConfig.Toy"));
    }
}
