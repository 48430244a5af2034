using Pipeline.Onnx;
using Pipeline.Randomness;
using Pipeline.Runtime.Packages;
using Pipeline.Tools.Export;

namespace Pipeline.Tools.Tests.Support;

/// <summary>
/// A PixelCNN package (or VQ-VAE) as versions before <see cref="IncrementalDecoding.RowPixelCnn"/> exported it: one step
/// network on the causal patches [N, Σ R·C] (<see cref="IncrementalDecoding.CausalPixelCnn"/>), no rows network. Made from
/// a row-form package by rebuilding its model from the logits network's weights and exporting that model's causal step.
/// </summary>
internal static class CausalPixelCnn
{
    private const string Step = "step";

    public static string Write(string rowPackage, string directory)
    {
        var manifest = PackageReader.Read(SmallPackages.Copy(rowPackage, directory));
        File.Delete(Path.Combine(directory, manifest.Networks[RowPixelCnnContract.Rows].File));
        var spec = manifest.Autoregressive!;
        using var model = PackageUpgrade.Rebuild(manifest, spec, Path.Combine(directory, manifest.Networks["logits"].File));
        using var examples = Noise.Seeded(0);
        var (step, _) = PackageExporter.WriteNetworkInto(model.CausalStepNetwork(), manifest.Kind, directory, examples);
        var networks = new Dictionary<string, NetworkManifest>(manifest.Networks) { [Step] = step };
        networks.Remove(RowPixelCnnContract.Rows);
        SmallPackages.WriteSealed(directory, manifest with { Networks = networks, Autoregressive = spec with { Incremental = IncrementalDecoding.CausalPixelCnn } });
        return directory;
    }
}
