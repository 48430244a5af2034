using Pipeline.Models.Autoencoders;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Export;
using TorchSharp;

namespace Pipeline.Tools.Tests.Support;

/// <summary>Exported packages of small, randomly initialized (seeded) MLP autoencoders: quick to write, real in every other way.</summary>
internal static class SmallPackages
{
    /// <summary>784-32-<paramref name="latentSize"/> and back, sigmoid output, its Gaussian fitted on 500 training images.</summary>
    public static ExportResult Autoencoder(string directory, int latentSize = 2, long seed = 1)
    {
        torch.random.manual_seed(seed);
        using var model = new MlpAutoencoder(Config(latentSize));
        return PackageExporter.Export(model, MlpAutoencoder.Kind, directory, trainingImages: TrainingImages.FirstFiveHundred);
    }

    public static MlpAutoencoderConfig Config(int latentSize = 2) =>
        new() { HiddenSizes = new[] { 32 }, LatentSize = latentSize, Output = OutputActivation.Sigmoid };

    /// <summary>Copies a package folder (flat: manifest and ONNX files) to <paramref name="target"/>; returns the target.</summary>
    public static string Copy(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    /// <summary>Writes <paramref name="manifest"/> into the package folder <paramref name="directory"/> (its hashes cleared) and seals the folder again.</summary>
    public static void WriteSealed(string directory, ModelManifest manifest)
    {
        File.WriteAllText(Path.Combine(directory, ManifestJson.FileName), ManifestJson.Serialize(manifest with { Files = null, Integrity = default }));
        PackageIntegrity.Seal(directory);
    }

    /// <summary>Every file under <paramref name="directory"/> with its bytes, by relative path.</summary>
    public static Dictionary<string, byte[]> Snapshot(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), File.ReadAllBytes);
}
