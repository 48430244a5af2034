using System.Text.Json;
using Pipeline.Onnx;

namespace Pipeline.Runtime.Packages;

/// <summary>Reads and validates an exported package folder: manifest.json and the ONNX files it names.</summary>
public static class PackageReader
{
    /// <summary>The oldest opset this runtime reads (exports use <see cref="OnnxModelFile.Opset"/>).</summary>
    public const long MinimumOpset = 17;

    /// <summary>The newest opset this runtime was checked with (ONNX Runtime 1.29 runs up to 23).</summary>
    public const long MaximumOpset = 23;

    private const string Fix = "export it again with tools/pipeline export";

    /// <summary>Reads manifest.json of <paramref name="directory"/> and checks every ONNX file it names; throws <see cref="PackageException"/>.</summary>
    public static ModelManifest Read(string directory)
    {
        if (!Directory.Exists(directory))
            throw new PackageException($"no exported package at {directory}: pass a folder of exported/ (or {Fix})");
        var path = Path.Combine(directory, ManifestJson.FileName);
        if (!File.Exists(path))
            throw new PackageException($"{directory} has no {ManifestJson.FileName}: it is not an exported package ({Fix})");

        var bytes = File.ReadAllBytes(path);
        var manifest = Parse(path, System.Text.Encoding.UTF8.GetString(bytes));
        // Before anything else reads the files: a damaged package is named as damaged, not as whatever it now looks like.
        manifest = manifest with { Integrity = PackageIntegrity.Verify(directory, manifest, bytes) };
        if (manifest.Format > ModelManifest.CurrentFormat)
            throw new PackageException($"{path} has format {manifest.Format}, newer than this runtime's {ModelManifest.CurrentFormat}: update the runtime");
        ManifestStructureRules.Check(manifest, path);
        foreach (var role in RequiredRoles(manifest.Family))
            if (!manifest.Networks.ContainsKey(role))
                throw new PackageException($"{path} lacks the '{role}' network a {Name(manifest.Family)} package needs: {Fix}");
        DiffusionManifestRules.Check(manifest, path);
        AutoregressiveManifestRules.Check(manifest, path);
        VectorQuantizedManifestRules.Check(manifest, path);
        FlowManifestRules.Check(manifest, path);
        AdversarialManifestRules.Check(manifest, path);
        AttributeManifestRules.Check(manifest, path);
        LatentManifestRules.Check(manifest, path);
        foreach (var (role, network) in manifest.Networks) CheckOnnxFile(directory, role, network, manifest.Opset);
        CheckSizes(path, manifest);
        return manifest;
    }

    /// <summary>The network roles a package of <paramref name="family"/> must have.</summary>
    public static IReadOnlyList<string> RequiredRoles(ModelFamily family) => family switch
    {
        ModelFamily.Autoencoder or ModelFamily.Vae or ModelFamily.ConditionalVae => new[] { "encoder", "decoder" },
        ModelFamily.Diffusion => new[] { "denoiser" },
        ModelFamily.LatentDiffusion => new[] { "denoiser", "decoder" },
        ModelFamily.Classifier => new[] { "classifier" },
        ModelFamily.Autoregressive => new[] { "logits" },
        ModelFamily.VectorQuantized => new[] { "encoder", "decoder", "logits" },
        ModelFamily.Adversarial => new[] { "generator" },
        _ => Array.Empty<string>(),
    };

    /// <summary>Parses manifest.json text (at <paramref name="path"/>, for messages), refusing what is not a manifest with the fix.</summary>
    internal static ModelManifest Parse(string path, string json)
    {
        try
        {
            using (var document = JsonDocument.Parse(json))
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                    throw new PackageException($"{path} holds a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not the object a manifest is: {Fix}");
                CheckKnown<ModelFamily>(path, document.RootElement, "family");
                CheckKnown<NumericPrecision>(path, document.RootElement, "precision");
            }
            return JsonSerializer.Deserialize<ModelManifest>(json, ManifestJson.Options)
                ?? throw new PackageException($"{path} is empty: {Fix}");
        }
        catch (JsonException error)
        {
            throw new PackageException($"{path} is not a valid manifest ({error.Message}): {Fix}", error);
        }
    }

    /// <summary>A value of <typeparamref name="T"/> this runtime does not know is named with the ones it knows (a newer exporter's).</summary>
    private static void CheckKnown<T>(string path, JsonElement manifest, string property) where T : struct, Enum
    {
        if (!manifest.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String
            || Enum.GetValues<T>().Any(v => Name(v) == value.GetString())) return;
        var known = string.Join(", ", Enum.GetValues<T>().Select(v => Name(v)));
        throw new PackageException($"{path} names an unknown {property} '{value.GetString()}': this runtime knows {known} (update the runtime, or {Fix})");
    }

    /// <summary>The latent section is complete, and the latent and image sizes are those the networks take and give.</summary>
    private static void CheckSizes(string path, ModelManifest manifest)
    {
        var image = manifest.Image;
        if (manifest.Networks.TryGetValue("encoder", out var encoder) && encoder.Inputs.Count > 0 && encoder.Inputs[0].ItemSize != image.PixelsPerImage)
            throw new PackageException($"{path} gives images of {image.Channels}×{image.Height}×{image.Width} but the encoder takes {encoder.Inputs[0]}: {Fix}");
        if (manifest.Networks.TryGetValue("decoder", out var decoder) && decoder.Outputs.Count > 0 && decoder.Outputs[0].ItemSize != image.PixelsPerImage)
            throw new PackageException($"{path} gives images of {image.Channels}×{image.Height}×{image.Width} but the decoder gives {decoder.Outputs[0]}: {Fix}");
        if (manifest.Latent is not { } latent) return;
        if (latent.Size <= 0) throw new PackageException($"{path} gives a latent size of {latent.Size}: {Fix}");
        if (latent.Prior == LatentPrior.Gaussian && latent.Mean?.Length != latent.Size)
            throw new PackageException($"{path}: a gaussian prior needs a mean of {latent.Size} values in the latent section, it has {latent.Mean?.Length ?? 0}: {Fix}");
        if (latent.Prior == LatentPrior.Gaussian && latent.ScaleTril?.Length != (long)latent.Size * latent.Size)
            throw new PackageException($"{path}: a gaussian prior needs a scale_tril of {latent.Size}×{latent.Size} = {(long)latent.Size * latent.Size} values in the latent section, it has {latent.ScaleTril?.Length ?? 0}: {Fix}");
        if (decoder is not null && decoder.Inputs.Count > 0 && decoder.Inputs[0].ItemSize != latent.Size)
            throw new PackageException($"{path} gives a latent size {latent.Size} but the decoder takes {decoder.Inputs[0]}: {Fix}");
    }

    private static void CheckOnnxFile(string directory, string role, NetworkManifest network, long manifestOpset)
    {
        var file = Path.Combine(directory, network.File);
        if (!File.Exists(file))
            throw new PackageException($"the {role} network file {file} is missing: {Fix}");
        Onnx.Proto.ModelProto model;
        try
        {
            model = OnnxModelFile.Read(file);
        }
        catch (InvalidDataException error)
        {
            throw new PackageException(error.Message, error);
        }
        var opset = OnnxModelFile.DefaultOpset(model);
        if (opset is < MinimumOpset or > MaximumOpset)
            throw new PackageException($"{file} uses ONNX opset {opset}; this runtime reads opsets {MinimumOpset} to {MaximumOpset}: {Fix}");
        if (manifestOpset != 0 && opset != manifestOpset)
            throw new PackageException($"{file} uses opset {opset} but the manifest says {manifestOpset}: the package is inconsistent, {Fix}");
        CheckTensors(file, role, "input", network.Inputs, model.Graph.Input);
        CheckTensors(file, role, "output", network.Outputs, model.Graph.Output);
    }

    /// <summary>
    /// Every tensor the manifest lists is one of the graph's, of float elements, and of the graph's shape: inputs exactly
    /// (the runtime binds them), outputs wherever the graph states a size (a decoder giving [N, 392] where the manifest
    /// says [N, 784] would leave half of every image unwritten).
    /// </summary>
    private static void CheckTensors(string file, string role, string kind, IReadOnlyList<TensorSpec> specs, IEnumerable<Onnx.Proto.ValueInfoProto> graph)
    {
        var values = graph.ToDictionary(v => v.Name);
        foreach (var spec in specs)
        {
            if (!values.TryGetValue(spec.Name, out var value))
                throw new PackageException($"{file} has no {kind} '{spec.Name}' (it has {string.Join(", ", values.Keys)}): {Fix}");
            if (value.Type?.TensorType is not { Shape: not null } tensor)
                throw new PackageException($"{file} gives its {kind} '{spec.Name}' no tensor shape, where the manifest says {spec}: {Fix}");
            if (tensor.ElemType != (int)Onnx.Proto.TensorProto.Types.DataType.Float)
                throw new PackageException($"{file} gives its {kind} '{spec.Name}' elements of ONNX type {tensor.ElemType}, where the runtime exchanges float32 (type 1): {Fix}");
            var graphShape = tensor.Shape.Dim
                .Select(d => d.ValueCase == Onnx.Proto.TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1L).ToArray();
            var agrees = kind == "input" ? graphShape.SequenceEqual(spec.Shape)
                : graphShape.Length == spec.Shape.Length && graphShape.Zip(spec.Shape).All(p => p.First < 0 || p.First == p.Second);
            if (!agrees)
                throw new PackageException($"the manifest gives {role} {kind} {spec} but {file} {(kind == "input" ? "takes" : "gives")} [{string.Join(", ", graphShape)}]: {Fix}");
        }
    }

    /// <summary>The manifest spelling of a family ("conditional_vae").</summary>
    public static string Name(ModelFamily family) => Name<ModelFamily>(family);

    /// <summary>The manifest spelling of a value after its indefinite article, for messages: "an adversarial", "a flow".</summary>
    public static string WithArticle<T>(T value) where T : struct, Enum => Name(value) is var name && "aeiou".Contains(name[0]) ? $"an {name}" : $"a {name}";

    /// <summary>The manifest spelling of any enum value ("act_norm").</summary>
    public static string Name<T>(T value) where T : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
