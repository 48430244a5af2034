using NUnit.Framework;
using Pipeline.Models.Adversarial;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Adversarial;

/// <summary>WGAN-GP's penalty and its double backward.</summary>
public sealed class GradientPenaltyTests
{
    /// <summary>A small smooth critic in double precision, so central differences are accurate.</summary>
    private static nn.Module<Tensor, Tensor> Critic()
    {
        random.manual_seed(5);
        var critic = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1));
        critic.to(float64);
        return critic;
    }

    private static (Tensor Real, Tensor Fake, Tensor Epsilon) Inputs()
    {
        using var generator = new Generator(17);
        return (randn([5, 3], float64, generator: generator), randn([5, 3], float64, generator: generator), rand([5], float64, generator: generator));
    }

    private static double Penalty(nn.Module<Tensor, Tensor> critic, Tensor real, Tensor fake, Tensor epsilon) =>
        GradientPenalty.Compute(x => critic.call(x)[.., 0], real, fake, epsilon, 10).item<double>();

    [Test]
    public void ThePenaltysGradientInTheCriticsWeightsMatchesCentralDifferences()
    {
        using var scope = NewDisposeScope();
        var critic = Critic();
        var (real, fake, epsilon) = Inputs();
        var penalty = GradientPenalty.Compute(x => critic.call(x)[.., 0], real, fake, epsilon, 10);
        penalty.backward();   // a double backward: through ∇ₓ̂D(x̂), computed with create_graph
        const double h = 1e-6;
        var checkedEntries = 0;
        foreach (var (name, parameter) in critic.named_parameters())
        {
            // The last bias does not move ∇ₓD, so the penalty leaves it without a gradient: zero.
            var analytic = parameter.grad?.flatten() ?? zeros_like(parameter).flatten();
            var flat = parameter.detach().flatten();
            for (var i = 0; i < flat.shape[0]; i++)
            {
                double original;
                using (no_grad())
                {
                    original = flat[i].item<double>();
                    flat[i].fill_(original + h);
                }
                var plus = Penalty(critic, real, fake, epsilon);
                using (no_grad()) flat[i].fill_(original - h);
                var minus = Penalty(critic, real, fake, epsilon);
                using (no_grad()) flat[i].fill_(original);
                var numeric = (plus - minus) / (2 * h);
                Assert.That(analytic[i].item<double>(), Is.EqualTo(numeric).Within(1e-6 + 1e-5 * Math.Abs(numeric)), $"{name}[{i}]");
                checkedEntries++;
            }
        }
        Assert.That(checkedEntries, Is.EqualTo(3 * 4 + 4 + 4 + 1));
        Assert.That(penalty.item<double>(), Is.GreaterThan(0));
    }

    [Test]
    public void ACriticWithUnitGradientsEverywhereIsNotPenalized()
    {
        using var scope = NewDisposeScope();
        // D(x) = w·x with ‖w‖ = 1 is 1-Lipschitz with ‖∇D‖ = 1 at every point.
        var w = tensor(new[] { 0.6, 0.8, 0.0 }, float64);
        var (real, fake, epsilon) = Inputs();
        var penalty = GradientPenalty.Compute(x => x.matmul(w), real, fake, epsilon, 10);
        Assert.That(penalty.item<double>(), Is.EqualTo(0).Within(1e-10));
        var steep = GradientPenalty.Compute(x => x.matmul(3 * w), real, fake, epsilon, 10);
        Assert.That(steep.item<double>(), Is.EqualTo(10 * 4).Within(1e-8), "λ(‖∇D‖ − 1)² = 10·(3 − 1)²");
    }
}
