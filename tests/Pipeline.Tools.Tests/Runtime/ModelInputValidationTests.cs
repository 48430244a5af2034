using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Runtime.Models;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Runtime;

/// <summary>Inputs a latent-variable model cannot use are refused at its boundary with an ArgumentException naming the problem.</summary>
public class ModelInputValidationTests
{
    private TempDirectory fixture = null!;
    private LatentVariableModel model = null!;

    [OneTimeSetUp]
    public void ExportOnce()
    {
        fixture = new TempDirectory();
        model = ModelPackage.OpenLatent(SmallPackages.Autoencoder(fixture.File("ae")).Directory);
    }

    [OneTimeTearDown]
    public void Cleanup()
    {
        model.Dispose();
        fixture.Dispose();
    }

    [Test]
    public void DecodingANaNCode()
    {
        var codes = new float[] { 0.1f, 0.2f, 0.3f, float.NaN };

        Assert.That(() => model.Decode(codes), Throws.ArgumentException.With.Message.Contains("latent code 1 has a non-finite value (NaN)"));
    }

    [Test]
    public void DecodingCodesOfTheWrongSize() =>
        Assert.That(() => model.Decode(new float[] { 1, 2, 3 }), Throws.ArgumentException.With.Message.Contains("rows of 2 values; got 3"));

    [Test]
    public void EncodingANaNPixel()
    {
        var images = TestImages.First(3);
        images.Pixels[2 * images.PixelsPerImage + 5] = float.NaN;

        Assert.That(() => model.Encode(images),
            Throws.ArgumentException.With.Message.Contains("image 2 has a non-finite pixel (NaN) at offset 5"));
    }

    [Test]
    public void ReconstructingAnInfinitePixel()
    {
        var images = TestImages.First(2);
        images.Pixels[7] = float.PositiveInfinity;

        Assert.That(() => model.Reconstruct(images), Throws.ArgumentException.With.Message.Contains("image 0 has a non-finite pixel"));
        Assert.That(() => model.ReconstructionErrors(images), Throws.ArgumentException.With.Message.Contains("non-finite pixel"));
    }

    [Test]
    public void ImagesOfTheWrongSize()
    {
        var images = new ImageBatch(2, 1, 27, 27, new float[2 * 27 * 27]);

        Assert.That(() => model.Encode(images), Throws.ArgumentException.With.Message.Contains("takes 1×28×28 images, got 1×27×27"));
        Assert.That(() => model.Reconstruct(images), Throws.ArgumentException.With.Message.Contains("got 1×27×27"));
    }

    [Test]
    public void LabelsForAnUnconditionalModel()
    {
        Assert.That(() => model.Sample(2, seed: 1, label: 3), Throws.ArgumentException.With.Message.Contains("is not conditional"));
        Assert.That(() => model.Reconstruct(TestImages.First(2), new[] { 0, 1 }),
            Throws.ArgumentException.With.Message.Contains("is not conditional: pass no labels"));
        Assert.That(() => model.Decode(new float[4], new[] { 0, 1 }), Throws.ArgumentException.With.Message.Contains("pass no labels"));
    }

    [Test]
    public void ANonPositiveSampleCount() =>
        Assert.That(() => model.Sample(0, seed: 1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("ask for 1 to"));
}
