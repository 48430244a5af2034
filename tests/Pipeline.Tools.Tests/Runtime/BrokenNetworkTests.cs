using NUnit.Framework;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>A network that gives NaN (a broken checkpoint's weights) stops the runtime with an error, never with NaN images or codes.</summary>
public class BrokenNetworkTests
{
    [Test]
    public void AFlowWhoseCouplingGivesNaN()
    {
        using var package = new DamagedPackage(Repository.Exported("toy-flow-moons"));
        package.PoisonWeights("coupling3.onnx");
        using var model = ModelPackage.OpenFlow(package.Path);

        Assert.That(() => model.Sample(4, 1), Throws.TypeOf<PackageException>().With.Message.Contains("generated NaN at item 0").And.Message.Contains("export the package again").IgnoreCase);
    }

    [Test]
    public void AVqVaeEncoderThatGivesNaN()
    {
        using var package = new DamagedPackage(Repository.Exported("vqvae"));
        package.PoisonWeights("encoder.onnx");
        using var model = ModelPackage.OpenVectorQuantized(package.Path);
        var images = new ImageBatch(2, 1, 28, 28, new float[2 * 784]);

        Assert.That(() => model.Encode(images), Throws.TypeOf<PackageException>().With.Message.Contains("the encoder gave image 0 a latent vector that is not all finite"));
    }

    [Test]
    public void AnAutoregressiveLikelihoodOfNaNLogits()
    {
        using var package = new DamagedPackage(Repository.Exported("nade"));
        package.PoisonWeights("logits.onnx");
        using var model = ModelPackage.OpenAutoregressive(package.Path);
        var images = new ImageBatch(2, 1, 28, 28, new float[2 * 784]);

        Assert.That(() => model.LogLikelihood(images), Throws.TypeOf<PackageException>().With.Message.Contains("logits that are not all finite"));
    }
}
