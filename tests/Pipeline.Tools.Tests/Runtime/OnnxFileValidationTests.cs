using Pipeline.Tests.Support;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Pipeline.Onnx;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>A package whose ONNX files are missing, broken or disagree with the manifest is refused with a message naming the file.</summary>
public class OnnxFileValidationTests
{
    private TempDirectory fixture = null!;
    private string exported = null!;
    private DamagedPackage package = null!;

    [OneTimeSetUp]
    public void ExportOnce()
    {
        fixture = new TempDirectory();
        exported = SmallPackages.Autoencoder(fixture.File("exported")).Directory;
    }

    [OneTimeTearDown]
    public void Cleanup() => fixture.Dispose();

    [SetUp]
    public void CopyPackage() => package = new DamagedPackage(exported);

    [TearDown]
    public void DeleteCopy() => package.Dispose();

    [Test]
    public void TheIntactCopyIsAccepted()
    {
        Assert.That(PackageReader.Read(package.Path).Family, Is.EqualTo(ModelFamily.Autoencoder));
        using var model = ModelPackage.Open(package.Path);
        Assert.That(model.Manifest.Name, Is.EqualTo("exported"));
    }

    [Test]
    public void AMissingOnnxFile()
    {
        File.Delete(package.File("decoder.onnx"));

        package.AssertRefused("the decoder network file", "decoder.onnx is missing");
    }

    [Test]
    public void AFileThatIsNotOnnx()
    {
        File.WriteAllText(package.File("encoder.onnx"), "not a model");

        package.AssertRefused("encoder.onnx", "is not an ONNX model");
    }

    [Test]
    public void AnOpsetTheRuntimeDoesNotRead()
    {
        package.SetOpset("encoder.onnx", 9);

        package.AssertRefused("encoder.onnx uses ONNX opset 9", $"reads opsets {PackageReader.MinimumOpset} to {PackageReader.MaximumOpset}");
    }

    [Test]
    public void AnOpsetThatDiffersFromTheManifest()
    {
        package.SetOpset("decoder.onnx", OnnxModelFile.Opset + 1);

        package.AssertRefused($"decoder.onnx uses opset {OnnxModelFile.Opset + 1} but the manifest says {OnnxModelFile.Opset}", "inconsistent");
    }

    [Test]
    public void AnInputShapeThatDisagreesWithTheOnnxFile()
    {
        package.EditManifest(m => m["networks"]!["encoder"]!["inputs"]![0]!["shape"] = new JsonArray(-1, 1, 28, 27));

        package.AssertRefused("the manifest gives encoder input image [batch, 1, 28, 27]", "takes [-1, 1, 28, 28]");
    }

    [Test]
    public void AnInputNameTheOnnxFileLacks()
    {
        package.EditManifest(m => m["networks"]!["decoder"]!["inputs"]![0]!["name"] = "code");

        package.AssertRefused("has no input 'code'", "it has latent");
    }
}
