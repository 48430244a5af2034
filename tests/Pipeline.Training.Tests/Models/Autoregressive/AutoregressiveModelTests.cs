using NUnit.Framework;
using Pipeline.Models.Autoregressive;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models.Autoregressive;

/// <summary>Training, likelihood and the NADE recursion of the autoregressive models.</summary>
public sealed class AutoregressiveModelTests
{
    private static IEnumerable<AutoregressiveCase> Cases() => AutoregressiveCase.Small(28);

    [TestCaseSource(nameof(Cases))]
    public void LossDecreasesOverThirtySteps(AutoregressiveCase modelCase)
    {
        random.manual_seed(1);
        using var model = modelCase.Build(28);
        var losses = StepRunner.Train(model, ModelData.Train.Take(960), steps: 30, batchSize: 32, learningRate: 3e-3);
        var (first, last) = (StepRunner.MeanOf(losses, 5, fromEnd: false), StepRunner.MeanOf(losses, 5, fromEnd: true));
        TestContext.Out.WriteLine($"{modelCase}: NLL of the first 5 steps {first:F1}, of the last 5 {last:F1} nats/image");
        Assert.That(losses.All(double.IsFinite), Is.True);
        Assert.That(last, Is.LessThan(0.97 * first), "the negative log-likelihood fell by more than 3%");
        Assert.That(last, Is.LessThan(model.Size * Math.Log(model.Categories)), "better than the uniform model's D·log K");
    }

    [Test]
    public void TheLikelihoodOfUniformLogitsIsDTimesLogK()
    {
        random.manual_seed(1);
        using var model = new PixelCnn(new PixelCnnConfig { ImageSize = 4, Channels = 4, OutputChannels = 4, Blocks = 1, Categories = 256 });
        using (no_grad())
            foreach (var p in model.parameters()) p.zero_();
        using var x = randint(0, 256, [3, 1, 4, 4]).to(ScalarType.Float32);
        using var nll = model.NegativeLogLikelihood(x);
        Assert.That(nll.data<float>().ToArray(), Is.All.EqualTo(16 * Math.Log(256)).Within(1e-3), "zero weights give a uniform categorical per pixel");
    }

    [Test]
    public void NadeStepsComputeTheSameConditionalsAsTheFullNetwork()
    {
        random.manual_seed(4);
        using var nade = new Nade(new NadeConfig { ImageSize = 5, HiddenSize = 7 });
        using var step = new NadeStep(nade);
        using var noGrad = no_grad();
        using var x = randint(0, 2, [3, 1, 5, 5]).to(ScalarType.Float32);
        using var full = nade.Logits(x);                                                      // [3, 25, 2]
        var flat = x.reshape(3, 25);
        var state = zeros(3, 7);
        for (var i = 0; i < 25; i++)
        {
            var previous = Math.Max(i - 1, 0);
            var rows = stack([full_like(flat.select(1, 0), previous), i > 0 ? flat.select(1, previous) : zeros(3), full_like(flat.select(1, 0), i)], 1);
            var (logits, next) = step.call(state, rows);
            Assert.That((logits - full.select(1, i)).abs().max().ToSingle(), Is.LessThan(1e-5f), $"position {i}");
            state = next;
        }
    }

    [Test]
    public void ConfigurationsRoundTripThroughJsonAndRefuseBadValues()
    {
        var config = new PixelCnnConfig { Channels = 32, Blocks = 3, Categories = 256, Classes = 10 };
        Assert.That(PixelCnnConfig.FromJson(config.ToJson()), Is.EqualTo(config));
        Assert.That(MadeConfig.FromJson(new MadeConfig { HiddenSizes = [7] }.ToJson()).HiddenSizes, Is.EqualTo(new[] { 7 }));
        Assert.That(() => new PixelCnnConfig { Kernel = 4 }.Validate(), Throws.ArgumentException.With.Message.Contains("odd"));
        Assert.That(() => new PixelCnnConfig { FirstKernel = 1 }.Validate(), Throws.ArgumentException.With.Message.Contains("at least 3"), "a 1×1 masked convolution sees no row above");
        Assert.That(() => new PixelCnnConfig { Categories = 1 }.Validate(), Throws.ArgumentException.With.Message.Contains("256"));
        Assert.That(() => new NadeConfig { HiddenSize = 0 }.Validate(), Throws.ArgumentException.With.Message.Contains("hidden"));
    }
}
