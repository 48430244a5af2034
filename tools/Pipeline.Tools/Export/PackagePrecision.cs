using Pipeline.Data;
using Pipeline.Export.Precision;
using Pipeline.Onnx;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Tools.Export;

/// <summary>
/// Converts the networks of a float32 package to float16 or to calibrated int8 (`tools/pipeline export --precision`).
/// int8 is calibrated on the inputs each network really gets: the fp32 package samples <see cref="CalibrationImages"/>
/// images through the runtime (diffusion with DDIM-50, so the denoiser sees x_t along the whole reverse chain), and a
/// <see cref="CalibrationRecorder"/> keeps a uniform sample of each network's runs; networks that sampling does not
/// run (encoders, a classifier) get training images. Every converted network is compared with its float32 version on
/// those same inputs.
/// </summary>
public static class PackagePrecision
{
    /// <summary>Images sampled (or training images fed) to calibrate.</summary>
    public const int CalibrationImages = 256;

    /// <summary>Runs kept per network for calibration and comparison.</summary>
    public const int RunsPerNetwork = 48;

    /// <summary>Inputs that are positions, not data (a diffusion timestep, NADE's pixel index): float16 would round them.</summary>
    private static readonly string[] Float32Inputs = [DiffusionManifestRules.Timestep, AutoregressiveManifestRules.Step];

    /// <summary>
    /// Writes a copy of the float32 package <paramref name="sourceDirectory"/> in <paramref name="precision"/> to
    /// <paramref name="outputDirectory"/>, but for the networks named in <paramref name="keepFloat32"/>.
    /// </summary>
    /// <exception cref="UsageException">The source is not float32, the target is the source, or a name is no network of the package.</exception>
    public static ExportResult Convert(string sourceDirectory, string outputDirectory, NumericPrecision precision, IReadOnlyCollection<string>? keepFloat32 = null)
    {
        var source = PackageReader.Read(sourceDirectory);
        if (source.Precision != NumericPrecision.Fp32)
            throw new UsageException($"{sourceDirectory} is already {PackageReader.Name(source.Precision)}: convert its float32 package (export it again without --precision)");
        if (precision == NumericPrecision.Fp32)
            throw new UsageException("--precision fp32 with --package would copy the package as it is: give fp16 or int8");
        if (Path.GetFullPath(sourceDirectory).TrimEnd('/') == Path.GetFullPath(outputDirectory).TrimEnd('/'))
            throw new UsageException($"--out is the package being converted ({sourceDirectory}): write the {PackageReader.Name(precision)} package to another folder, e.g. {sourceDirectory.TrimEnd('/')}-{PackageReader.Name(precision)}");
        IReadOnlyList<NetworkConversion> conversions = [];
        var (directory, manifest) = PackageStaging.Publish(outputDirectory, (staging, name) =>
        {
            foreach (var file in Directory.GetFiles(sourceDirectory).Where(f => Path.GetFileName(f) is not (ManifestJson.FileName or PackageIntegrity.HashFileName)))
                File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
            (var converted, conversions) = Apply(staging, source with { Name = name, Files = null }, precision, keepFloat32);
            return converted;
        });
        return new ExportResult(directory, manifest, new Dictionary<string, double>(), conversions);
    }

    /// <summary>
    /// Converts the networks of the (unsealed) package folder <paramref name="directory"/> in place, but for those named
    /// in <paramref name="keepFloat32"/>; returns its manifest, saying the precision.
    /// </summary>
    /// <exception cref="UsageException">A name in <paramref name="keepFloat32"/> is no network of the package.</exception>
    internal static (ModelManifest Manifest, IReadOnlyList<NetworkConversion> Conversions) Apply(string directory, ModelManifest manifest, NumericPrecision precision,
        IReadOnlyCollection<string>? keepFloat32 = null)
    {
        var unknown = (keepFloat32 ?? []).Where(role => !manifest.Networks.ContainsKey(role)).ToList();
        if (unknown.Count > 0)
            throw new UsageException($"--keep-float32 names no network of this package: '{string.Join("', '", unknown)}'; its networks are {string.Join(", ", manifest.Networks.Keys)}");
        var recorder = CalibrationRecorder.Sample(directory, manifest, CalibrationImages, RunsPerNetwork);
        var training = TrainingImages(manifest);
        var conversions = new List<NetworkConversion>();
        foreach (var (role, network) in manifest.Networks)
        {
            var path = Path.Combine(directory, network.File);
            var model = OnnxModelFile.Read(path);
            var before = new FileInfo(path).Length;
            if (keepFloat32?.Contains(role) == true)
            {
                conversions.Add(new(role, NumericPrecision.Fp32, before, before, default, 0, "kept float32 (--keep-float32)"));
                continue;
            }
            var feeds = recorder.Feeds(path) is { Count: > 0 } runs ? runs : DatasetFeeds(manifest, network, training);
            if (precision == NumericPrecision.Int8 && feeds.Count == 0)
            {
                conversions.Add(new(role, NumericPrecision.Fp32, before, before, default, 0, "not run while sampling, and it takes no images: left float32"));
                continue;
            }
            var tensors = QdqQuantization.TensorsToCalibrate(model);
            if (precision == NumericPrecision.Int8 && tensors.Count == 0)
            {
                conversions.Add(new(role, NumericPrecision.Fp32, before, before, default, feeds.Count, "no convolution or matrix product with weights to quantize: left float32"));
                continue;
            }
            var converted = precision == NumericPrecision.Fp16
                ? Float16Conversion.Convert(model, Float32Inputs)
                : QdqQuantization.Quantize(model, ActivationCalibration.Measure(model, tensors, feeds));
            var difference = feeds.Count > 0 ? OnnxComparison.Difference(model, converted, feeds) : new OutputDifference(double.NaN, double.NaN);
            if (feeds.Count > 0 && !double.IsFinite(difference.Max))
                throw new ExportVerificationException($"the {role} network in {PackageReader.Name(precision)} gives NaN or ∞ where the float32 one gives finite values, on " +
                    $"{feeds.Count} batches of its real inputs (values beyond its range): keep this package float32, or convert it to the other precision. Nothing was written.");
            OnnxModelFile.Write(converted, path);
            conversions.Add(new(role, precision, before, new FileInfo(path).Length, difference, feeds.Count, feeds.Count > 0 ? null : "not run while sampling: not compared"));
        }
        return (manifest with { Precision = precision }, conversions);
    }

    /// <summary>The training split of the package's dataset, loaded on first use.</summary>
    internal static Lazy<ImageDataset> TrainingImages(ModelManifest manifest) =>
        new(() => TrainingDataSets.Load(TrainingDataSets.FromName(manifest.Dataset) ?? TrainingData.Fashion).Train);

    /// <summary>
    /// Training images (in the package's pixel scale, with one-hot labels where the network takes them) for a network
    /// whose inputs are an image of the package's size and, optionally, a label; none for any other network.
    /// </summary>
    internal static IReadOnlyList<OnnxFeed> DatasetFeeds(ModelManifest manifest, NetworkManifest network, Lazy<ImageDataset> training)
    {
        var image = network.Inputs[0];
        long[] imageShape = [-1, manifest.Image.Channels, manifest.Image.Height, manifest.Image.Width];
        var label = network.Inputs.Count == 2 && manifest.Classes is { } classes && network.Inputs[1].Shape.SequenceEqual([-1L, classes.Count]) ? network.Inputs[1] : null;
        if (!image.Shape.SequenceEqual(imageShape) || network.Inputs.Count != (label is null ? 1 : 2) || manifest.Image.Channels != 1
            || manifest.Image.PixelScaling is not (PixelScaling.ZeroOne or PixelScaling.MinusOneOne)) return [];
        var data = training.Value;       // loaded once per package, only when a network needs it
        if (data.Height != manifest.Image.Height || data.Width != manifest.Image.Width) return [];
        var feeds = new List<OnnxFeed>();
        const int batch = 16;
        for (var start = 0; start + batch <= CalibrationImages; start += batch)
        {
            var pixels = new float[batch * data.PixelsPerImage];
            var source = data.Pixels.Span.Slice(start * data.PixelsPerImage, pixels.Length);
            for (var k = 0; k < pixels.Length; k++)
                pixels[k] = manifest.Image.PixelScaling == PixelScaling.MinusOneOne ? source[k] / 127.5f - 1 : source[k] / 255f;
            var inputs = new List<(string, long[], float[])> { (image.Name, [batch, 1, data.Height, data.Width], pixels) };
            if (label is not null)
            {
                var count = (int)label.Shape[1];
                var oneHot = new float[batch * count];
                for (var i = 0; i < batch; i++) oneHot[i * count + Math.Min(data.Label(start + i), count - 1)] = 1;
                inputs.Add((label.Name, [batch, count], oneHot));
            }
            feeds.Add(new OnnxFeed(inputs));
        }
        return feeds;
    }
}
