using System.Globalization;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Onnx;
using Pipeline.Onnx.Proto;
using Pipeline.Randomness;
using static TorchSharp.torch;
using Pipeline.Runtime.Packages;

namespace Pipeline.Tools.Export;

/// <summary>
/// Turns a trained model into an exported package folder: one ONNX file per network and manifest.json.
/// Every network goes through <see cref="OnnxExporter"/> (its rules, then ONNX Runtime against TorchSharp) before anything is kept; the package
/// replaces an older one only once it is complete (a crash leaves the previous package intact).
/// </summary>
public static class PackageExporter
{
    /// <summary>Checkpoint metadata keys with this prefix are copied into the manifest's metrics.</summary>
    public const string MetricPrefix = "metric.";


    /// <summary>Exports the model a checkpoint holds (its kind picks the architecture, its config the sizes).</summary>
    /// <param name="precision">The number format inside the networks: float32 as trained, or converted after export (<see cref="PackagePrecision"/>).</param>
    /// <param name="keepFloat32">Networks to leave in float32 when converting (<c>--keep-float32</c>).</param>
    public static ExportResult ExportCheckpoint(string checkpointPath, string outputDirectory, Func<ImageDataset>? trainingImages = null,
        NumericPrecision precision = NumericPrecision.Fp32, IReadOnlyCollection<string>? keepFloat32 = null)
    {
        var kind = Checkpoint.ReadKind(checkpointPath);
        using var checkpoint = Checkpoint.Load(checkpointPath, kind);
        using var model = ModelCatalog.Create(kind, checkpoint.ConfigJson);
        checkpoint.RestoreModel(model);
        checkpoint.CopyEmaInto(model);   // models trained with an EMA of their weights (DDPM) are exported with the averaged weights
        var history = checkpoint.Metadata.TryGetValue(Pipeline.Models.TrainingMetadata.LossHistory, out var saved)
            ? System.Text.Json.JsonSerializer.Deserialize<double[][]>(saved)
            : null;
        var series = checkpoint.Metadata.TryGetValue(Pipeline.Models.TrainingMetadata.LossSeries, out var names) ? LossSeries(checkpointPath, names) : null;
        var metrics = checkpoint.Metadata
            .Where(kv => kv.Key.StartsWith(MetricPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[MetricPrefix.Length..], kv => double.Parse(kv.Value, CultureInfo.InvariantCulture));
        metrics["training_steps"] = checkpoint.Step;
        var dataset = checkpoint.Metadata.GetValueOrDefault(Pipeline.Models.TrainingMetadata.Dataset);
        // Sections fitted on the training images (an autoencoder's Gaussian, an AR-VAE's attribute quantiles) use the model's own data.
        trainingImages ??= TrainingDataSets.FromName(dataset) is { } data ? () => TrainingDataSets.Load(data).Train : null;
        return Export(model, kind, outputDirectory, metrics, trainingImages, history, dataset, series, precision, keepFloat32);
    }

    public static ExportResult Export(nn.Module model, string kind, string outputDirectory, IReadOnlyDictionary<string, double>? metrics = null,
        Func<ImageDataset>? trainingImages = null, IReadOnlyList<double[]>? lossHistory = null, string? dataset = null,
        IReadOnlyList<string>? lossSeries = null, NumericPrecision precision = NumericPrecision.Fp32, IReadOnlyCollection<string>? keepFloat32 = null)
    {
        var exportable = ModelCatalog.AsExportable(model);
        model.eval();
        var differences = new Dictionary<string, double>();
        IReadOnlyList<NetworkConversion>? conversions = null;
        var (directory, manifest) = PackageStaging.Publish(outputDirectory, (staging, name) =>
        {
            var networks = new Dictionary<string, NetworkManifest>();
            var exported = exportable.ExportNetworks();
            using var examples = Noise.Seeded(0);
            foreach (var network in exported) (networks[network.Role], differences[network.Role]) = WriteNetworkInto(network, kind, staging, examples);

            var family = Enum.Parse<ModelFamily>(exportable.Family.ToString());
            var manifest = new ModelManifest
            {
                Name = name,
                Family = family,
                Kind = kind,
                Dataset = dataset,
                Opset = (int)OnnxModelFile.Opset,
                Image = model switch
                {
                    IAutoregressiveExport grid => new ImageSpec((int)grid.GridShape[0], (int)grid.GridShape[1], (int)grid.GridShape[2], PixelScaling.ZeroOne),
                    IFlowExport flow => new ImageSpec((int)flow.Shape[0], (int)flow.Shape[1], (int)flow.Shape[2],
                        flow.Input == Pipeline.Models.Flows.FlowInput.Points ? PixelScaling.Points : PixelScaling.ZeroOne),
                    IAdversarialExport adversarial => ManifestSections.AdversarialImage(adversarial),
                    _ => new ImageSpec(1, 28, 28, family == ModelFamily.Diffusion ? PixelScaling.MinusOneOne : PixelScaling.ZeroOne),
                },
                Latent = ManifestSections.Latent(family, exportable, exported, trainingImages ?? DefaultTrainingImages),
                Classes = exportable.ClassCount is int count ? new ClassSpec(count, FashionMnist.ClassNames.Take(count).ToList()) : null,
                Likelihood = ManifestSections.Likelihood(model),
                Attributes = model is IAttributeExport regularized
                    ? AttributeQuantiles.Fit(regularized, exported.Single(n => n.Role == "encoder"), (trainingImages ?? DefaultTrainingImages)())
                    : null,
                Diffusion = ManifestSections.Diffusion(model),
                Autoregressive = ManifestSections.Autoregressive(model),
                VectorQuantizer = ManifestSections.VectorQuantizer(model),
                Flow = ManifestSections.Flow(model),
                Networks = networks,
                Metrics = metrics is null ? new Dictionary<string, double>() : new Dictionary<string, double>(metrics),
                LossHistory = lossHistory,
                LossSeries = lossSeries,
            };
            if (precision == NumericPrecision.Fp32) return manifest;
            (manifest, conversions) = PackagePrecision.Apply(staging, manifest, precision, keepFloat32);
            return manifest;
        });
        return new ExportResult(directory, manifest, differences, conversions);
    }

    /// <summary>
    /// Writes one network into the folder <paramref name="staging"/> as "role.onnx" (see <see cref="WriteNetwork(ExportableNetwork, string, string, Generator)"/>):
    /// its manifest entry, and the largest difference from TorchSharp.
    /// </summary>
    internal static (NetworkManifest Manifest, double Difference) WriteNetworkInto(ExportableNetwork network, string kind, string staging, Generator examples)
    {
        var file = $"{network.Role}.onnx";
        var path = Path.Combine(staging, file);
        var difference = WriteNetwork(network, kind, path, examples);
        var outputShapes = OutputShapes(path);
        return (new NetworkManifest(file, network.Inputs.Select(i => new TensorSpec(i.Name, i.Shape)).ToList(),
                                    network.Outputs.Select((o, k) => new TensorSpec(o, outputShapes[k])).ToList()), difference);
    }

    /// <summary>
    /// Writes one network to <paramref name="path"/>, verified against TorchSharp on examples drawn from
    /// <paramref name="examples"/>; returns the largest difference.
    /// </summary>
    internal static double WriteNetwork(ExportableNetwork network, string kind, string path, Generator examples)
    {
        OneDnn.Disable();   // the verification compares with TorchSharp, whose oneDNN convolutions are wrong for small channel counts here
        try
        {
            return OnnxExporter.Export(network.Module, network.ExampleInputs(3, examples), path, new OnnxExportOptions
            {
                Opset = (int)OnnxModelFile.Opset,
                InputNames = network.Inputs.Select(i => i.Name).ToList(),
                OutputNames = network.Outputs,
                Metadata = new Dictionary<string, string> { ["pipeline.kind"] = kind, ["pipeline.role"] = network.Role },
            }).MaxDifference;
        }
        catch (OnnxVerificationException error)
        {
            throw new ExportVerificationException($"the {network.Role} network of {kind}: {error.Message} No package was written.");
        }
    }

    /// <summary>The outputs' shapes as the written file declares them, in order (−1 for the batch dimension).</summary>
    private static long[][] OutputShapes(string onnxPath) =>
        ModelProto.Parser.ParseFrom(File.ReadAllBytes(onnxPath)).Graph.Output
            .Select(o => o.Type.TensorType.Shape.Dim.Select(d => d.DimParam.Length > 0 ? -1L : d.DimValue).ToArray()).ToArray();

    /// <summary>The checkpoint's names of its loss-history columns, or a <see cref="CheckpointException"/> naming the damage.</summary>
    private static string[] LossSeries(string path, string json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<string[]>(json) ?? throw new System.Text.Json.JsonException("null");
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new CheckpointException(path, $"'{path}' has a damaged '{Pipeline.Models.TrainingMetadata.LossSeries}' ({error.Message}): train it again, or delete that metadata key");
        }
    }

    private static ImageDataset DefaultTrainingImages() => FashionMnist.Load(FashionMnistSplit.Train);
}
