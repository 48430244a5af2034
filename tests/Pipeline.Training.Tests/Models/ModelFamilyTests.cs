using NUnit.Framework;
using Pipeline.Export;
using Pipeline.Models.Autoencoders;
using Pipeline.Models.Variational;
using Pipeline.Randomness;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tests.Models;

/// <summary>What every model of the family must do: map images to codes and back with the right shapes, learn, export.</summary>
public class ModelFamilyTests
{
    private static IEnumerable<ModelCase> Cases() => ModelCases.All();

    [TestCaseSource(nameof(Cases))]
    public void MapsImagesToCodesAndBackWithTheRightShapes(ModelCase modelCase)
    {
        using var model = modelCase.Create(seed: 1);
        using var scope = NewDisposeScope();
        var images = rand(new long[] { 3, 1, 28, 28 }, generator: Noise.Seeded(2));
        var latentSize = ((IExportableModel)model).LatentSize;
        switch (model)
        {
            case Autoencoder autoencoder:
                Assert.That(autoencoder.Encode(images).shape, Is.EqualTo(new long[] { 3, latentSize }));
                Assert.That(autoencoder.Reconstruct(images).shape, Is.EqualTo(new long[] { 3, 1, 28, 28 }));
                Assert.That(autoencoder.Decode(zeros(3, latentSize)).numel(), Is.EqualTo(3 * 784));
                break;
            case VariationalAutoencoder vae:
                var condition = vae.Condition(arange(3));
                var (mean, logVar) = vae.Encode(images, condition);
                Assert.That(mean.shape, Is.EqualTo(new long[] { 3, latentSize }));
                Assert.That(logVar.shape, Is.EqualTo(new long[] { 3, latentSize }));
                var decoded = vae.Decode(zeros(3, latentSize), condition);
                Assert.That(decoded.shape, Is.EqualTo(new long[] { 3, 1, 28, 28 }));
                Assert.That(decoded.min().ToDouble() >= 0 && decoded.max().ToDouble() <= 1, Is.True, "decoded pixels lie in [0, 1]");
                var terms = vae.NegativeElbo(images, condition, Noise.Seeded(3));
                Assert.That(terms.ReconstructionNll.shape, Is.EqualTo(new long[] { 3 }));
                Assert.That(terms.Kl.shape, Is.EqualTo(new long[] { 3 }));
                break;
            default:
                Assert.Fail($"{model.GetType().Name} is neither an autoencoder nor a VAE");
                break;
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void LossDecreasesOverFortySteps(ModelCase modelCase)
    {
        using var model = modelCase.Create(seed: 1);
        var losses = StepRunner.Train(model, ModelData.Train.Take(1280), steps: 40, batchSize: 32, learningRate: 2e-3);
        var first = StepRunner.MeanOf(losses, 5, fromEnd: false);
        var last = StepRunner.MeanOf(losses, 5, fromEnd: true);
        TestContext.Out.WriteLine($"{modelCase.Kind}: mean loss of the first 5 steps {first:G5}, of the last 5 {last:G5}");
        Assert.That(losses.All(double.IsFinite), Is.True, "every loss is finite");
        // Gaussian VAE losses are densities and may be negative: compare on the decrease itself.
        Assert.That(first - last, Is.GreaterThan(0.2 * Math.Abs(first)), "the loss fell by more than a fifth");
    }

    [TestCaseSource(nameof(Cases))]
    public void ExportedNetworksComputeTheShapesThePackageDeclares(ModelCase modelCase)
    {
        using var model = modelCase.Create(seed: 1);
        model.eval();
        var exportable = (IExportableModel)model;
        var networks = exportable.ExportNetworks();
        Assert.That(networks.Select(n => n.Role), Is.EqualTo(new[] { "encoder", "decoder" }));
        var vae = exportable.Family != ExportFamily.Autoencoder;
        var labels = exportable.ClassCount is null ? Array.Empty<string>() : new[] { "label" };
        Assert.That(networks[0].Inputs.Select(i => i.Name), Is.EqualTo(new[] { "image" }.Concat(labels)));
        Assert.That(networks[0].Outputs, Is.EqualTo(vae ? new[] { "mean", "log_var" } : new[] { "latent" }));
        Assert.That(networks[1].Inputs.Select(i => i.Name), Is.EqualTo(new[] { "latent" }.Concat(labels)));
        Assert.That(networks[1].Outputs, Is.EqualTo(new[] { "image" }));

        using var scope = NewDisposeScope();
        var latent = new long[] { 3, exportable.LatentSize };
        var expected = new Dictionary<string, long[]> { ["latent"] = latent, ["mean"] = latent, ["log_var"] = latent, ["image"] = [3, 1, 28, 28] };
        foreach (var network in networks)
        {
            var outputs = network.Run(ExportChecks.SampleInputs(network, batch: 3));
            Assert.That(outputs.Select(o => o.shape), Is.EqualTo(network.Outputs.Select(o => expected[o])), network.Role);
        }
        var image = networks[1].Run(ExportChecks.SampleInputs(networks[1], batch: 3))[0];
        Assert.That(image.min().ToDouble() >= 0 && image.max().ToDouble() <= 1, Is.True, "the exported decoder gives pixel intensities in [0, 1]");
    }
}
