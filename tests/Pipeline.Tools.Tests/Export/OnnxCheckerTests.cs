using Pipeline.Tests.Support;
using NUnit.Framework;
using Pipeline.Tensors;
using Pipeline.Tools.Tests.Support;

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

    [Test]
    public void EveryLayerCaseIsAValidOnnxModel()
    {
        Python.Require("onnx", "python3-onnx");
        using var directory = new TempDirectory();
        using var generator = new Generator(7);
        var paths = new List<string>();
        var names = new List<string>();
        for (var i = 0; i < LayerCases.All.Count; i++)
        {
            using var module = LayerCases.All[i].Create(generator);
            module.Eval();
            paths.Add(ModuleNetworks.Write(LayerCases.All[i].Network(module), directory.File($"case{i}.onnx")));
            names.Add($"case{i}.onnx = {LayerCases.All[i].Name}");
        }

        var (exitCode, output, error) = Python.Run(CheckScript, paths);

        Assert.That(output + error, Is.Empty, string.Join("\n", names));
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
