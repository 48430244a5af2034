using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Tools.Export;
using Pipeline.Tools.Tests.Support;
using TorchSharp;

namespace Pipeline.Tools.Tests.Export;

/// <summary>The files the exporter writes pass the reference ONNX checker (with full shape inference).</summary>
public class OnnxCheckerTests
{
    private const string CheckScript = """
        import sys, onnx
        bad = []
        for path in sys.argv[1:]:
            try:
                onnx.checker.check_model(path, full_check=True)
            except Exception as error:
                bad.append(f"{path}: {error}")
        if bad:
            print("\n".join(bad))
            sys.exit(1)
        """;

    public static IEnumerable<TestCaseData> Kinds() => ModelCatalog.ExportableKinds.Select(k => new TestCaseData(k).SetArgDisplayNames(k));

    /// <summary>Every family's networks, so every TorchSharp layer and custom module the models use, as written by PackageExporter.</summary>
    [TestCaseSource(nameof(Kinds))]
    public void EveryKindsNetworksAreValidOnnxModels(string kind)
    {
        Python.Require("onnx", "python3-onnx");
        using var directory = new TempDirectory();
        torch.random.manual_seed(1);
        using var model = ModelCatalog.Create(kind, ModelCatalog.DefaultConfigJson(kind));
        var result = PackageExporter.Export(model, kind, directory.File(kind), trainingImages: TrainingImages.FirstFiveHundred);
        var paths = result.Manifest.Networks.Values.Select(n => Path.Combine(result.Directory, n.File)).ToList();

        var (exitCode, output, error) = Python.Run(CheckScript, paths);

        Assert.That(paths, Is.Not.Empty);
        Assert.That(output + error, Is.Empty);
        Assert.That(exitCode, Is.EqualTo(0));
    }

    [Test]
    public void AnExportedPackagesNetworksAreValidOnnxModels()
    {
        Python.Require("onnx", "python3-onnx");
        using var directory = new TempDirectory();
        var result = SmallPackages.Autoencoder(directory.File("ae"));
        var paths = result.Manifest.Networks.Values.Select(n => Path.Combine(result.Directory, n.File)).ToList();

        var (exitCode, output, error) = Python.Run(CheckScript, paths);

        Assert.That(paths, Has.Count.EqualTo(2));
        Assert.That(output + error, Is.Empty);
        Assert.That(exitCode, Is.EqualTo(0));
    }

    [Test]
    public void TheCheckerRejectsABrokenModel()
    {
        Python.Require("onnx", "python3-onnx");
        using var directory = new TempDirectory();
        var path = directory.File("broken.onnx");
        File.WriteAllBytes(path, new byte[] { 1, 2, 3, 4, 5 });

        var (exitCode, output, _) = Python.Run(CheckScript, new[] { path });

        Assert.That(exitCode, Is.EqualTo(1));
        Assert.That(output, Does.Contain(path));
    }
}
