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
        Reseal();
    }

    /// <summary>
    /// Records the files' hashes again after a test damaged them (when the original was sealed), so the check under test,
    /// not the seal, meets the damage; it edits the JSON as text, so it works on manifests the runtime would refuse.
    /// <see cref="Pipeline.Tools.Tests.Runtime.PackageIntegrityTests"/> tests the seal itself.
    /// </summary>
    public void Reseal()
    {
        var hashFile = File(PackageIntegrity.HashFileName);
        var path = File(ManifestJson.FileName);
        if (!System.IO.File.Exists(hashFile) || !System.IO.File.Exists(path)) return;
        var manifest = JsonNode.Parse(System.IO.File.ReadAllText(path))!.AsObject();
        var files = new JsonObject();
        foreach (var file in Directory.GetFiles(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal))
            if (file is not (ManifestJson.FileName or PackageIntegrity.HashFileName) && !file!.StartsWith('.'))
                files[file] = PackageIntegrity.Sha256(File(file));
        manifest["files"] = files;
        var bytes = System.Text.Encoding.UTF8.GetBytes(manifest.ToJsonString());
        System.IO.File.WriteAllBytes(path, bytes);
        System.IO.File.WriteAllText(hashFile, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
    }

    /// <summary>Rewrites an ONNX file of the package so that it imports the default domain at <paramref name="opset"/>.</summary>
    public void SetOpset(string onnxFile, long opset)
    {
        var model = OnnxModelFile.Read(File(onnxFile));
        foreach (var import in model.OpsetImport.Where(o => o.Domain is "" or "ai.onnx")) import.Version = opset;
        OnnxModelFile.Write(model, File(onnxFile));
        Reseal();
    }

    /// <summary>Sets every weight of the first float initializer of <paramref name="onnxFile"/> to NaN: a network a broken checkpoint gave.</summary>
    public void PoisonWeights(string onnxFile)
    {
        var model = OnnxModelFile.Read(File(onnxFile));
        var weight = model.Graph.Initializer.First(i => i.DataType == (int)Onnx.Proto.TensorProto.Types.DataType.Float && i.Dims.Count >= 2);
        var count = (int)weight.Dims.Aggregate(1L, (a, d) => a * d);
        weight.FloatData.Clear();
        weight.RawData = Google.Protobuf.ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(Enumerable.Repeat(float.NaN, count).ToArray().AsSpan()));
        OnnxModelFile.Write(model, File(onnxFile));
        Reseal();
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
