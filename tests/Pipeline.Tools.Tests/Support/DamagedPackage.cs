using Pipeline.Tests.Support;
using System.Text.Json.Nodes;
using NUnit.Framework;
using Pipeline.Onnx;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Tests.Support;

/// <summary>A fresh copy of an exported package, to damage in one way and check that the runtime refuses it.</summary>
public sealed class DamagedPackage : IDisposable
{
    private readonly TempDirectory directory = new();

    public DamagedPackage(string exported) => Path = SmallPackages.Copy(exported, directory.File("ae"));

    /// <summary>The copy's folder.</summary>
    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Parses manifest.json, applies <paramref name="edit"/> and writes it back.</summary>
    public void EditManifest(Action<JsonObject> edit)
    {
        var path = File(ManifestJson.FileName);
        var manifest = JsonNode.Parse(System.IO.File.ReadAllText(path))!.AsObject();
        edit(manifest);
        System.IO.File.WriteAllText(path, manifest.ToJsonString());
    }

    /// <summary>Rewrites an ONNX file of the package so that it imports the default domain at <paramref name="opset"/>.</summary>
    public void SetOpset(string onnxFile, long opset)
    {
        var model = OnnxModelFile.Read(File(onnxFile));
        foreach (var import in model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx")) import.Version = opset;
        OnnxModelFile.Write(model, File(onnxFile));
    }

    /// <summary>PackageReader.Read and ModelPackage.Open both throw a <see cref="PackageException"/> whose message contains every fragment.</summary>
    public static void AssertRefused(string package, params string[] fragments)
    {
        foreach (var fragment in fragments)
        {
            Assert.That(() => PackageReader.Read(package), Throws.TypeOf<PackageException>().With.Message.Contains(fragment));
            Assert.That(() => ModelPackage.Open(package).Dispose(), Throws.TypeOf<PackageException>().With.Message.Contains(fragment));
        }
    }

    public void AssertRefused(params string[] fragments) => AssertRefused(Path, fragments);

    public void Dispose() => directory.Dispose();
}
