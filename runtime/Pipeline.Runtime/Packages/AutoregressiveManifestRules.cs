using Pipeline.Onnx;

namespace Pipeline.Runtime.Packages;

/// <summary>
/// The package contract of the autoregressive family, checked on the manifest: the section's grid, categories, order and
/// step description, and the "logits" and "step" networks' inputs and outputs against them.
/// </summary>
internal static class AutoregressiveManifestRules
{
    private const string Fix = "export it again with tools/pipeline export";
    private const string Contract = "autoregressive";

    /// <summary>Input and output names of the networks.</summary>
    public const string Image = "image", Label = "label", Logits = "logits", State = "state", Step = "step", NextState = "next_state",
        Patches = "patches", Centres = "centres", Ensemble = "ensemble", LogLikelihood = "log_likelihood";

    /// <summary>Throws <see cref="PackageException"/> naming <paramref name="source"/> when the manifest breaks the contract.</summary>
    public static void Check(ModelManifest manifest, string source)
    {
        if (manifest.Family != ModelFamily.Autoregressive) return;
        var spec = Section(manifest, source);
        var image = manifest.Image;
        if (!spec.GridShape.SequenceEqual(new long[] { image.Channels, image.Height, image.Width }))
            throw new PackageException($"{source}: the grid [{string.Join(", ", spec.GridShape)}] must be the image's [{image.Channels}, {image.Height}, {image.Width}]: {Fix}");
        CheckModel(manifest, spec, source);
    }

    /// <summary>The "autoregressive" section with valid categories and a [C, H, W] grid (of pixels, or of a VQ-VAE's codes).</summary>
    internal static AutoregressiveSpec Section(ModelManifest manifest, string source)
    {
        var spec = manifest.Autoregressive
            ?? throw new PackageException($"{source}: {PackageReader.WithArticle(manifest.Family)} package needs an \"autoregressive\" section (categories, grid_shape): {Fix}");
        if (spec.Categories < 2)
            throw new PackageException($"{source}: autoregressive categories must be at least 2, got {spec.Categories}: {Fix}");
        if (spec.GridShape is not { Length: 3 } || spec.GridShape.Any(d => d <= 0))
            throw new PackageException($"{source}: autoregressive grid_shape must be [C, H, W] with positive sizes: {Fix}");
        return spec;
    }

    /// <summary>The order, the classes and the "logits", "step" and "ensemble" networks against the section.</summary>
    internal static void CheckModel(ModelManifest manifest, AutoregressiveSpec spec, string source)
    {
        var positions = spec.Positions;
        if (spec.Order is { } order && (order.Length != positions || order.Distinct().Count() != positions || order.Any(p => (uint)p >= (uint)positions)))
            throw new PackageException($"{source}: the autoregressive order must list each of the {positions} positions once: {Fix}");
        if (manifest.Classes is { Count: <= 0 })
            throw new PackageException($"{source}: the classes section must have at least one class: {Fix}");
        if (!manifest.Networks.TryGetValue(Logits, out var logits))
            throw new PackageException($"{source} lacks the '{Logits}' network of its autoregressive model: {Fix}");
        NetworkContract.RequireInput(logits, Logits, Image, spec.GridShape.Prepend(-1L).ToArray(), source, Contract);
        RequireLabel(manifest, logits, Logits, source, 1);
        NetworkContract.RequireOutput(logits, Logits, Logits, [-1, positions, spec.Categories], source, Contract);
        CheckStep(manifest, spec, source);
        CheckEnsemble(manifest, spec, source);
    }

    private static void CheckEnsemble(ModelManifest manifest, AutoregressiveSpec spec, string source)
    {
        if (spec.Masks < 1) throw new PackageException($"{source}: autoregressive masks must be at least 1, got {spec.Masks}: {Fix}");
        var hasEnsemble = manifest.Networks.TryGetValue(Ensemble, out var ensemble);
        if (spec.Masks == 1)
        {
            if (hasEnsemble) throw new PackageException($"{source} has an '{Ensemble}' network but says masks 1: {Fix}");
            return;
        }
        if (!hasEnsemble) throw new PackageException($"{source} says masks {spec.Masks} but has no '{Ensemble}' network: {Fix}");
        if (manifest.Classes is not null) throw new PackageException($"{source}: a mask ensemble cannot be class-conditional: {Fix}");
        NetworkContract.RequireInput(ensemble!, Ensemble, Image, spec.GridShape.Prepend(-1L).ToArray(), source, Contract);
        NetworkContract.RequireOutput(ensemble!, Ensemble, LogLikelihood, [-1], source, Contract);
    }

    private static void CheckStep(ModelManifest manifest, AutoregressiveSpec spec, string source)
    {
        if (!Enum.IsDefined(spec.Incremental))
            throw new PackageException($"{source}: unknown incremental decoding: update the runtime, or {Fix}");
        var hasStep = manifest.Networks.TryGetValue(Step, out var step);
        if (manifest.Networks.ContainsKey(RowPixelCnnContract.Rows) && spec.Incremental != IncrementalDecoding.RowPixelCnn)
            throw new PackageException($"{source} has a '{RowPixelCnnContract.Rows}' network but says incremental \"{Name(spec.Incremental)}\": {Fix}");
        if (spec.Incremental == IncrementalDecoding.None)
        {
            if (hasStep) throw new PackageException($"{source} has a '{Step}' network but says incremental \"none\": {Fix}");
            return;
        }
        if (!hasStep)
            throw new PackageException($"{source} says incremental \"{Name(spec.Incremental)}\" but has no '{Step}' network: {Fix}");
        NetworkContract.RequireOutput(step!, Step, Logits, [-1, spec.Categories], source, Contract);
        if (spec.Incremental == IncrementalDecoding.Nade)
        {
            if (spec.StateSize <= 0) throw new PackageException($"{source}: a NADE step needs a positive state_size, got {spec.StateSize}: {Fix}");
            NetworkContract.RequireInput(step!, Step, State, [-1, spec.StateSize], source, Contract);
            NetworkContract.RequireInput(step!, Step, Step, [-1, 3], source, Contract);
            NetworkContract.RequireOutput(step!, Step, NextState, [-1, spec.StateSize], source, Contract);
            RequireLabel(manifest, step!, Step, source, 2);
            return;
        }
        var layers = spec.CachedLayers;
        var gridChannels = spec.GridShape[0] * (spec.OneHotInput ? spec.Categories : 1);
        if (layers is null || layers.Count < 2 || layers.Any(l => l.Channels <= 0 || l.Kernel < 1 || l.Kernel % 2 == 0) || layers[0].Channels != gridChannels)
            throw new PackageException($"{source}: a PixelCNN step needs cached_layers: the grid's {gridChannels} channel(s){(spec.OneHotInput ? " (one-hot)" : "")} first, then at least one layer, each with positive channels and an odd kernel: {Fix}");
        if (spec.GridShape[0] != 1)
            throw new PackageException($"{source}: a PixelCNN step decodes one-channel grids, this one has {spec.GridShape[0]} channels: {Fix}");
        if (spec.Order is { } order && !order.SequenceEqual(Enumerable.Range(0, order.Length)))
            throw new PackageException($"{source}: a PixelCNN step decodes in raster order, but the manifest gives another order: {Fix}");
        if (spec.Incremental == IncrementalDecoding.RowPixelCnn)
        {
            CheckRows(manifest, step!, layers, source);
            return;
        }
        NetworkContract.RequireInput(step!, Step, Patches, [-1, layers.Sum(l => (long)l.PatchSize(spec.Incremental))], source, Contract);
        NetworkContract.RequireOutput(step!, Step, Centres, [-1, layers.Skip(1).Sum(l => (long)l.Channels)], source, Contract);
        RequireLabel(manifest, step!, Step, source, 1);
    }

    /// <summary>
    /// The row form's contract (<see cref="RowPixelCnnContract"/>): "rows" takes every cached layer's taps in the p rows above
    /// and gives each layer's part from them, which "step" takes with the p pixels left in each layer and gives the
    /// logits and the centres of the layers after the first.
    /// </summary>
    private static void CheckRows(ModelManifest manifest, NetworkManifest step, IReadOnlyList<CachedLayerSpec> layers, string source)
    {
        if (layers.Any(l => l.Kernel < 3))
            throw new PackageException($"{source}: a PixelCNN in row form needs kernels of at least 3 (each masked convolution reads the row above), cached_layers has [{string.Join(", ", layers.Select(l => l.Kernel))}]: {Fix}");
        if (!manifest.Networks.TryGetValue(RowPixelCnnContract.Rows, out var rows))
            throw new PackageException($"{source} says incremental \"{Name(IncrementalDecoding.RowPixelCnn)}\" but has no '{RowPixelCnnContract.Rows}' network: {Fix}");
        var taps = layers.SelectMany((layer, l) => RowPixelCnnContract.Taps(l, layer.Kernel).Select(t => (t.Name, layer.Channels))).ToList();
        var left = layers.SelectMany((layer, l) => RowPixelCnnContract.LeftPixels(l, layer.Kernel).Select(t => (t.Name, layer.Channels))).ToList();
        if (rows.Inputs.Count != taps.Count || rows.Outputs.Count != layers.Count)
            throw new PackageException($"{source}: the {RowPixelCnnContract.Rows} network must take the {taps.Count} taps of its cached layers' rows above and give one output per layer ({layers.Count}): {Fix}");
        foreach (var (name, channels) in taps) NetworkContract.RequireInput(rows, RowPixelCnnContract.Rows, name, [-1, channels], source, Contract);
        for (var l = 0; l < layers.Count; l++)
        {
            var above = rows.Outputs.FirstOrDefault(o => o.Name == RowPixelCnnContract.Above(l));
            if (above is not { Shape: [-1, > 0] })
                throw new PackageException($"{source}: the {RowPixelCnnContract.Rows} network must give '{RowPixelCnnContract.Above(l)}' [-1, out] for cached layer {l}: {Fix}");
            NetworkContract.RequireInput(step, Step, above.Name, above.Shape, source, Contract);
            if (l > 0) NetworkContract.RequireOutput(step, Step, RowPixelCnnContract.Centre(l), [-1, layers[l].Channels], source, Contract);
        }
        foreach (var (name, channels) in left) NetworkContract.RequireInput(step, Step, name, [-1, channels], source, Contract);
        RequireLabel(manifest, step, Step, source, layers.Count + left.Count);
        if (step.Outputs.Count != layers.Count)
            throw new PackageException($"{source}: the {Step} network must give the logits and one centre per cached layer after the first ({layers.Count} outputs): {Fix}");
    }

    private static string Name(IncrementalDecoding decoding) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(decoding.ToString());

    /// <summary>A conditional package's network takes a one-hot label besides its <paramref name="inputs"/> others; an unconditional one does not.</summary>
    private static void RequireLabel(ModelManifest manifest, NetworkManifest network, string role, string source, int inputs)
    {
        if (manifest.Classes is { } classes)
            NetworkContract.RequireInput(network, role, Label, [-1, classes.Count], source, Contract);
        else if (network.Inputs.Any(i => i.Name == Label))
            throw new PackageException($"{source}: the {role} network takes a '{Label}' input but the manifest has no classes section: {Fix}");
        var expected = inputs + (manifest.Classes is null ? 0 : 1);
        if (network.Inputs.Count != expected)
            throw new PackageException($"{source}: the {role} network takes [{string.Join(", ", network.Inputs.Select(i => i.Name))}], {expected} input(s) expected: {Fix}");
    }
}
