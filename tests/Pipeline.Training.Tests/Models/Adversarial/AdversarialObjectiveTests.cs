using NUnit.Framework;
using Pipeline.Models.Adversarial;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Adversarial;

/// <summary>The sign conventions and formulas of the three GAN criteria.</summary>
public sealed class AdversarialObjectiveTests
{
    public static IEnumerable<AdversarialLoss> Losses() => Enum.GetValues<AdversarialLoss>();

    private static double Value(Tensor t) => t.item<double>();

    private static Tensor Scores(params double[] values) => tensor(values, float64);

    [TestCaseSource(nameof(Losses))]
    public void TheDiscriminatorsLossFallsAsRealAndGeneratedScoresSeparateTheRightWay(AdversarialLoss loss)
    {
        var objective = IAdversarialObjective.For(loss);
        var confused = Value(objective.DiscriminatorLoss(Scores(0, 0), Scores(0, 0)));
        var right = Value(objective.DiscriminatorLoss(Scores(2, 3), Scores(-2, -3)));
        var wrong = Value(objective.DiscriminatorLoss(Scores(-2, -3), Scores(2, 3)));
        Assert.That(right, Is.LessThan(confused));
        Assert.That(confused, Is.LessThan(wrong));
    }

    [TestCaseSource(nameof(Losses))]
    public void TheGeneratorsLossFallsAsItsSamplesScoreAsReal(AdversarialLoss loss)
    {
        var objective = IAdversarialObjective.For(loss);
        Assert.That(Value(objective.GeneratorLoss(Scores(3, 2))), Is.LessThan(Value(objective.GeneratorLoss(Scores(-3, -2)))));
    }

    [Test]
    public void TheLossesAreTheSeedsFormulas()
    {
        var (r, f) = (0.7, -1.3);
        double Sigmoid(double s) => 1 / (1 + Math.Exp(-s));
        var dcgan = -(Math.Log(Sigmoid(r)) + Math.Log(1 - Sigmoid(f)));
        Assert.That(Value(new MinimaxObjective().DiscriminatorLoss(Scores(r), Scores(f))), Is.EqualTo(dcgan).Within(1e-12));
        Assert.That(Value(new NonSaturatingObjective().DiscriminatorLoss(Scores(r), Scores(f))), Is.EqualTo(dcgan).Within(1e-12));
        Assert.That(Value(new MinimaxObjective().GeneratorLoss(Scores(f))), Is.EqualTo(Math.Log(1 - Sigmoid(f))).Within(1e-12));
        Assert.That(Value(new NonSaturatingObjective().GeneratorLoss(Scores(f))), Is.EqualTo(-Math.Log(Sigmoid(f))).Within(1e-12));
        Assert.That(Value(new WassersteinObjective().DiscriminatorLoss(Scores(r, 0.1), Scores(f, 0.5))), Is.EqualTo((f + 0.5) / 2 - (r + 0.1) / 2).Within(1e-12));
        Assert.That(Value(new WassersteinObjective().GeneratorLoss(Scores(f, 0.5))), Is.EqualTo(-(f + 0.5) / 2).Within(1e-12));
    }

    [Test]
    public void TheMinimaxGeneratorsGradientVanishesWhereTheDiscriminatorRejectsItsSamplesAndTheNonSaturatingOneDoesNot()
    {
        double Slope(IAdversarialObjective objective)
        {
            var score = tensor(new[] { -6.0 }, float64).requires_grad_(true);
            objective.GeneratorLoss(score).backward();
            return -score.grad!.item<double>();   // how fast the loss falls as the score rises
        }
        Assert.That(Slope(new MinimaxObjective()), Is.LessThan(0.01));
        Assert.That(Slope(new NonSaturatingObjective()), Is.GreaterThan(0.99));
    }
}
