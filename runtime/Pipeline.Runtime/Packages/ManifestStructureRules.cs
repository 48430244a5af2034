namespace Pipeline.Runtime.Packages;

/// <summary>
/// What every manifest must hold before any family's rules read it: no null entries in its lists and maps (JSON
/// deserialization lets "decoder": null or "inputs": [null] through), network files inside the package folder, tensor
/// shapes of a dynamic batch and positive sizes, classes with one name each, and an image of positive sizes whose values
/// fit an array.
/// </summary>
internal static class ManifestStructureRules
{
    private const string Fix = "export it again with tools/pipeline export";

    /// <exception cref="PackageException">The first problem, naming the entry and the fix.</exception>
    public static void Check(ModelManifest manifest, string source)
    {
        foreach (var (role, network) in manifest.Networks)
        {
            if (network is null) throw new PackageException($"{source} gives the '{role}' network as null: {Fix}");
            if (network.File != Path.GetFileName(network.File) || network.File is "" or "." or "..")
                throw new PackageException($"{source} names the {role} network file '{network.File}': a network file must be a file of the package's own folder (a plain name, such as {role}.onnx), {Fix}");
            CheckTensors(source, role, "input", network.Inputs);
            CheckTensors(source, role, "output", network.Outputs);
        }
        NoNulls(source, "autoregressive.cached_layers", manifest.Autoregressive?.CachedLayers);
        NoNulls(source, "flow.steps", manifest.Flow?.Steps);
        if (manifest.Classes is { } classes && (classes.Count <= 0 || classes.Names is null || classes.Names.Count != classes.Count || classes.Names.Any(n => n is null)))
            throw new PackageException($"{source} gives {classes.Count} classes with {classes.Names?.Count ?? 0} names: a classes section needs a count of 1 or more and one name per class, {Fix}");
        var image = manifest.Image;
        if (image.Channels <= 0 || image.Height <= 0 || image.Width <= 0
            || (long)image.Channels * image.Height * image.Width > Array.MaxLength)
            throw new PackageException($"{source} gives images of {image.Channels}×{image.Height}×{image.Width}: every size must be positive, and an image must fit an array, {Fix}");
    }

    /// <summary>Each tensor is there, named, and shaped [batch, positive sizes…] with at most an array's worth of values per item.</summary>
    private static void CheckTensors(string source, string role, string kind, IReadOnlyList<TensorSpec>? tensors)
    {
        if (tensors is null) throw new PackageException($"{source} gives the {role} network no {kind}s list: {Fix}");
        foreach (var tensor in tensors)
        {
            if (tensor is null || string.IsNullOrEmpty(tensor.Name) || tensor.Shape is null)
                throw new PackageException($"{source} gives the {role} network an {kind} without a name or a shape: {Fix}");
            if (tensor.Shape.Length == 0 || tensor.Shape[0] != -1 || tensor.Shape.Skip(1).Any(d => d <= 0)
                || tensor.Shape.Skip(1).Aggregate(1.0, (a, d) => a * d) > Array.MaxLength)
                throw new PackageException($"{source} gives the {role} {kind} '{tensor.Name}' the shape [{string.Join(", ", tensor.Shape)}]: " +
                    $"a network {kind} is a batch (−1) of items of positive sizes that fit an array, {Fix}");
        }
    }

    private static void NoNulls<T>(string source, string section, IReadOnlyList<T>? entries) where T : class
    {
        if (entries is not null && entries.Any(e => e is null))
            throw new PackageException($"{source} has a null entry in {section}: {Fix}");
    }
}
