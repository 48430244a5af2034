using NUnit.Framework;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Tests.Support;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;

namespace Pipeline.Tools.Tests.Export;

public class PackagePrecisionTests
{
    private static double MeanDifference(string a, string b)
    {
        using var first = ModelPackage.Open(a);
        using var second = ModelPackage.Open(b);
        var (x, y) = (first.Sample(16, seed: 3).Pixels, second.Sample(16, seed: 3).Pixels);
        return x.Zip(y, (p, q) => Math.Abs(p - q)).Average();
    }

    [Test]
    public void AnInt8PackageIsCalibratedOnDecoderDrawsAndOnImagesForItsEncoder()
    {
        using var directory = new TempDirectory();
        var source = SmallPackages.Autoencoder(directory.File("fp32"), latentSize: 8).Directory;

        var result = PackagePrecision.Convert(source, directory.File("int8"), NumericPrecision.Int8);

        var read = PackageReader.Read(result.Directory);
        Assert.That((read.Precision, read.Integrity), Is.EqualTo((NumericPrecision.Int8, PackageIntegrityStatus.Verified)));
        var conversions = result.Conversions!.ToDictionary(c => c.Role);
        Assert.That(conversions["decoder"].CalibrationRuns, Is.EqualTo(1), "one batch of 256 prior draws, as sampling runs it");
        Assert.That(conversions["encoder"].CalibrationRuns, Is.EqualTo(PackagePrecision.CalibrationImages / 16), "training images, 16 a run");
        Assert.That(conversions.Values.Select(c => c.Precision), Has.All.EqualTo(NumericPrecision.Int8));
        Assert.That(conversions.Values.Select(c => c.BytesAfter / (double)c.BytesBefore), Has.All.LessThan(0.45), "int8 weights, with per-channel scales and the graph around them");
        Assert.That(MeanDifference(source, result.Directory), Is.LessThan(0.01), "samples of the same seed stay close");
    }

    [Test]
    public void ExportWritesAnInt8PackageStraightFromTheModel()
    {
        using var directory = new TempDirectory();
        TorchSharp.torch.random.manual_seed(1);
        using var model = new Pipeline.Models.Autoencoders.MlpAutoencoder(SmallPackages.Config(latentSize: 8));

        var result = PackageExporter.Export(model, Pipeline.Models.Autoencoders.MlpAutoencoder.Kind, directory.File("int8"),
            trainingImages: TrainingImages.FirstFiveHundred, precision: NumericPrecision.Int8);

        Assert.That(result.MaxDifferences.Values, Has.All.LessThanOrEqualTo(1e-4), "the float32 export is verified first");
        Assert.That(result.Conversions!.Select(c => c.Role), Is.EquivalentTo(new[] { "encoder", "decoder" }));
        var read = PackageReader.Read(result.Directory);
        Assert.That((read.Precision, read.Integrity), Is.EqualTo((NumericPrecision.Int8, PackageIntegrityStatus.Verified)));
        Assert.That(directory.Entries(), Is.EquivalentTo(new[] { "int8" }), "no staging folder is left");
    }

    [Test]
    public void AFloat16PackageSamplesLikeItsFloat32Package()
    {
        using var directory = new TempDirectory();
        var source = SmallPackages.Autoencoder(directory.File("fp32"), latentSize: 8).Directory;

        var result = PackagePrecision.Convert(source, directory.File("fp16"), NumericPrecision.Fp16);

        Assert.That(PackageReader.Read(result.Directory).Precision, Is.EqualTo(NumericPrecision.Fp16));
        Assert.That(result.Conversions!.Select(c => c.Difference.Max), Has.All.LessThan(5e-3).And.All.GreaterThan(0));
        Assert.That(MeanDifference(source, result.Directory), Is.LessThan(1e-3));
    }

    [Test]
    public void NetworksNamedToKeepStayFloat32WhileTheOthersAreConverted()
    {
        using var directory = new TempDirectory();
        var source = SmallPackages.Autoencoder(directory.File("fp32"), latentSize: 8).Directory;

        var result = PackagePrecision.Convert(source, directory.File("int8"), NumericPrecision.Int8, keepFloat32: ["decoder"]);

        var conversions = result.Conversions!.ToDictionary(c => c.Role);
        Assert.That((conversions["decoder"].Precision, conversions["encoder"].Precision), Is.EqualTo((NumericPrecision.Fp32, NumericPrecision.Int8)));
        Assert.That(conversions["decoder"].Note, Does.Contain("--keep-float32"));
        var file = result.Manifest.Networks["decoder"].File;
        Assert.That(File.ReadAllBytes(Path.Combine(result.Directory, file)), Is.EqualTo(File.ReadAllBytes(Path.Combine(source, file))));
        var read = PackageReader.Read(result.Directory);
        Assert.That((read.Precision, read.Integrity), Is.EqualTo((NumericPrecision.Int8, PackageIntegrityStatus.Verified)));

        Assert.That(() => PackagePrecision.Convert(source, directory.File("refused"), NumericPrecision.Int8, keepFloat32: ["decoder", "generator"]),
            Throws.TypeOf<UsageException>().With.Message.Contains("no network of this package: 'generator'").And.Message.Contains("encoder").And.Message.Contains("decoder"));
        Assert.That(directory.Entries(), Is.EquivalentTo(new[] { "fp32", "int8" }), "nothing is written for a refused conversion");
    }

    [Test]
    public void ConversionRefusesAConvertedSourceAndWritingOverItsSource()
    {
        using var directory = new TempDirectory();
        var source = SmallPackages.Autoencoder(directory.File("fp32")).Directory;
        var int8 = PackagePrecision.Convert(source, directory.File("int8"), NumericPrecision.Int8).Directory;

        Assert.That(() => PackagePrecision.Convert(int8, directory.File("fp16"), NumericPrecision.Fp16),
            Throws.TypeOf<UsageException>().With.Message.Contains("already int8").And.Message.Contains("float32 package"));
        Assert.That(() => PackagePrecision.Convert(source, source + "/", NumericPrecision.Int8),
            Throws.TypeOf<UsageException>().With.Message.Contains("another folder"));
        Assert.That(PackageReader.Read(source).Precision, Is.EqualTo(NumericPrecision.Fp32));
    }

    [Test]
    public void ExportConvertsAShippedPackageFromTheCommandLine()
    {
        using var directory = new TempDirectory();
        var target = directory.File("gan-int8");

        var (exitCode, output) = ToolsProcess.Run("export", "--package", Repository.Exported("gan"), "--precision", "int8", "--out", target);

        Assert.That(exitCode, Is.Zero, output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("generator: int8").And.Contain("sampling runs").And.Contain("int8)"));
        Assert.That(PackageReader.Read(target).Precision, Is.EqualTo(NumericPrecision.Int8));
    }

    [Test]
    public void ExportTakesACheckpointOrAPackageNotBoth()
    {
        var (exitCode, output) = ToolsProcess.Run("export", "--checkpoint", "a.safetensors", "--package", "exported/gan", "--out", "x");

        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("either --checkpoint").And.Contain("--package"));

        (exitCode, output) = ToolsProcess.Run("export", "--package", "exported/gan", "--keep-float32", "generator", "--out", "x");
        Assert.That(exitCode, Is.Not.Zero);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("--keep-float32").And.Contain("give --precision fp16"));
    }
}
