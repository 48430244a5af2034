using Pipeline.Tests.Support;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Pipeline.Onnx;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>A package whose ONNX files are missing, broken or disagree with the manifest is refused with a message naming the file.</summary>
public class OnnxFileValidationTests : DamagedPackageFixture
{
    [Test]
    public void TheIntactCopyIsAccepted()
    {
        Assert.That(PackageReader.Read(Package.Path).Family, Is.EqualTo(ModelFamily.Autoencoder));
        using var model = ModelPackage.Open(Package.Path);
        Assert.That(model.Manifest.Name, Is.EqualTo("exported"));
    }

    [Test]
    public void AMissingOnnxFile()
    {
        File.Delete(Package.File("decoder.onnx"));
        Package.Reseal();

        Package.AssertRefused("the decoder network file", "decoder.onnx is missing");
    }

    [Test]
    public void AFileThatIsNotOnnx()
    {
        File.WriteAllText(Package.File("encoder.onnx"), "not a model");
        Package.Reseal();

        Package.AssertRefused("encoder.onnx", "is not an ONNX model");
    }

    [Test]
    public void AnOpsetTheRuntimeDoesNotRead()
    {
        Package.SetOpset("encoder.onnx", 9);

        Package.AssertRefused("encoder.onnx uses ONNX opset 9", $"reads opsets {PackageReader.MinimumOpset} to {PackageReader.MaximumOpset}");
    }

    [Test]
    public void AnOpsetThatDiffersFromTheManifest()
    {
        Package.SetOpset("decoder.onnx", OnnxModelFile.Opset + 1);

        Package.AssertRefused($"decoder.onnx uses opset {OnnxModelFile.Opset + 1} but the manifest says {OnnxModelFile.Opset}", "inconsistent");
    }

    [Test]
    public void AnInputShapeThatDisagreesWithTheOnnxFile()
    {
        Package.EditManifest(m => m["networks"]!["encoder"]!["inputs"]![0]!["shape"] = new JsonArray(-1, 1, 28, 27));

        Package.AssertRefused("the manifest gives encoder input image [batch, 1, 28, 27]", "takes [-1, 1, 28, 28]");
    }

    [Test]
    public void AnInputNameTheOnnxFileLacks()
    {
        Package.EditManifest(m => m["networks"]!["decoder"]!["inputs"]![0]!["name"] = "code");

        Package.AssertRefused("has no input 'code'", "it has latent");
    }
}
