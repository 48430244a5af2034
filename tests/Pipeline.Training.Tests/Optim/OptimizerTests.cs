using NUnit.Framework;
using Pipeline.Optim;
using Pipeline.Tensors;

namespace Pipeline.Tests.Optim;

/// <summary>Optimizers against scalar re-implementations of their update rules.</summary>
public class OptimizerTests
{
    private static readonly double[] Start = { 1.0, -2.0, 0.5 };
    private static readonly double[] Target = { 0.3, 0.1, -0.7 };

    // loss = Σ (θ − target)² · (i + 1), so the gradient is 2(θ − target)(i + 1)
    private static double Gradient(double theta, int i) => 2 * (theta - Target[i]) * (i + 1);

    private static double[] Train(Func<Tensor, Optimizer> create, int steps)
    {
        using var scope = DisposeScope.Enter();
        var theta = Tensor.From(Start).RequiresGrad_();
        using var target = Tensor.From(Target);
        using var weights = Tensor.From(new double[] { 1, 2, 3 });
        using var optimizer = create(theta);
        for (var s = 0; s < steps; s++)
        {
            using var step = DisposeScope.Enter();
            optimizer.ZeroGrad();
            ((theta - target).Square() * weights).Sum().Backward();
            optimizer.Step();
        }
        return theta.ToArray<double>();
    }

    [Test]
    public void AdamMatchesAlgorithm1()
    {
        const double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8;
        var expected = Start.ToArray();
        var m = new double[3];
        var v = new double[3];
        for (var t = 1; t <= 5; t++)
            for (var i = 0; i < 3; i++)
            {
                var g = Gradient(expected[i], i);
                m[i] = b1 * m[i] + (1 - b1) * g;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                var mHat = m[i] / (1 - Math.Pow(b1, t));
                var vHat = v[i] / (1 - Math.Pow(b2, t));
                expected[i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
            }
        Assert.That(Train(p => new Adam(new[] { p }, lr), 5), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void AdamWDecaysWeightsDecoupled()
    {
        const double lr = 0.05, b1 = 0.0, b2 = 0.9, eps = 1e-8, wd = 0.1;
        var expected = Start.ToArray();
        var v = new double[3];
        for (var t = 1; t <= 4; t++)
            for (var i = 0; i < 3; i++)
            {
                var g = Gradient(expected[i], i);
                expected[i] *= 1 - lr * wd;
                v[i] = b2 * v[i] + (1 - b2) * g * g;
                expected[i] -= lr * g / (Math.Sqrt(v[i] / (1 - Math.Pow(b2, t))) + eps);
            }
        Assert.That(Train(p => new AdamW(new[] { p }, lr, b1, b2, eps, wd), 4), Is.EqualTo(expected).Within(1e-12));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void SgdWithMomentum(bool nesterov)
    {
        const double lr = 0.01, mu = 0.9, wd = 0.01;
        var expected = Start.ToArray();
        var buffer = new double[3];
        for (var t = 0; t < 6; t++)
            for (var i = 0; i < 3; i++)
            {
                var d = Gradient(expected[i], i) + wd * expected[i];
                buffer[i] = t == 0 ? d : mu * buffer[i] + d;
                expected[i] -= lr * (nesterov ? d + mu * buffer[i] : buffer[i]);
            }
        Assert.That(Train(p => new Sgd(new[] { p }, lr, mu, weightDecay: wd, nesterov: nesterov), 6), Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void ClipGradNormScalesAllGradientsTogether()
    {
        using var scope = DisposeScope.Enter();
        var a = Torch.Zeros(new long[] { 2 }, DType.Float64, requiresGrad: true);
        var b = Torch.Zeros(new long[] { 1 }, DType.Float64, requiresGrad: true);
        a.Grad = Tensor.From(new double[] { 3, 0 });
        b.Grad = Tensor.From(new double[] { 4 });
        var norm = GradientClipping.ClipGradNorm(new[] { a, b }, 1.0);
        Assert.That(norm, Is.EqualTo(5).Within(1e-12));
        Assert.That(a.Grad!.ToArray<double>()[0], Is.EqualTo(0.6).Within(1e-6));
        Assert.That(b.Grad!.ToArray<double>()[0], Is.EqualTo(0.8).Within(1e-6));
        Assert.That(GradientClipping.ClipGradNorm(new[] { a, b }, 10.0), Is.EqualTo(1).Within(1e-5));
        Assert.That(b.Grad!.ToArray<double>()[0], Is.EqualTo(0.8).Within(1e-6));
    }

    [Test]
    public void LearningRateSchedules()
    {
        using var p = Torch.Zeros(new long[] { 1 }, requiresGrad: true);
        using var sgd = new Sgd(new[] { p }, 1.0);
        var step = new StepLR(sgd, 10, 0.5);
        Assert.That(step.LearningRateAt(9), Is.EqualTo(1.0));
        Assert.That(step.LearningRateAt(25), Is.EqualTo(0.25));
        var cosine = new CosineAnnealingLR(sgd, 100, 0.1);
        Assert.That(cosine.LearningRateAt(0), Is.EqualTo(1.0).Within(1e-12));
        Assert.That(cosine.LearningRateAt(50), Is.EqualTo(0.55).Within(1e-12));
        Assert.That(cosine.LearningRateAt(500), Is.EqualTo(0.1).Within(1e-12));
        var warmup = new WarmupLR(sgd, 4, cosine);
        Assert.That(sgd.LearningRate, Is.EqualTo(0.25));
        warmup.Step();
        warmup.Step();
        Assert.That(sgd.LearningRate, Is.EqualTo(0.75));
        warmup.Resume(54);
        Assert.That(sgd.LearningRate, Is.EqualTo(0.55).Within(1e-12));
    }

    [Test]
    public void ExponentialMovingAverageFollowsTheWeights()
    {
        using var scope = DisposeScope.Enter();
        using var linear = new Pipeline.Nn.Layers.Linear(2, 1);
        using var ema = new ExponentialMovingAverage(linear, decay: 0.9);
        var start = linear.Weight.Clone();
        using (Torch.NoGrad()) linear.Weight.Add_(1.0);
        ema.Update();
        var average = ema.StateDict()["weight"];
        Assert.That(average.AllClose(start + 0.1), Is.True);
        using var copy = new Pipeline.Nn.Layers.Linear(2, 1);
        ema.CopyTo(copy);
        Assert.That(copy.Weight.AllClose(start + 0.1), Is.True);
        using var warm = new ExponentialMovingAverage(linear, 0.999, warmup: true);
        Assert.That(warm.CurrentDecay, Is.EqualTo(0.1));
    }

    [Test]
    public void OptimizerStateRoundTrips()
    {
        using var scope = DisposeScope.Enter();
        var p = Tensor.From(Start).RequiresGrad_();
        using var adam = new Adam(new[] { p }, 0.1);
        (p * p).Sum().Backward();
        adam.Step();
        var saved = adam.StateDict().ToDictionary(kv => kv.Key, kv => kv.Value.Clone());
        Assert.That(saved.Keys, Is.EquivalentTo(new[] { "0.exp_avg", "0.exp_avg_sq" }));
        using var other = new Adam(new[] { p }, 0.1);
        other.LoadStateDict(saved, adam.StepCount);
        Assert.That(other.StepCount, Is.EqualTo(1));
        Assert.That(other.StateDict()["0.exp_avg"].Equal(saved["0.exp_avg"]), Is.True);
        var bad = new Dictionary<string, Tensor> { ["3.exp_avg"] = Torch.Zeros(3) };
        Assert.Throws<InvalidDataException>(() => other.LoadStateDict(bad, 1));
    }
}
