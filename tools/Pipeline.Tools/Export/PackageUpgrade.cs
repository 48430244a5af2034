using Pipeline.Export;
using Pipeline.Export.Precision;
using Pipeline.Models.Autoregressive;
using Pipeline.Onnx;
using Pipeline.Randomness;
using Pipeline.Runtime.Packages;
using Rules = Pipeline.Runtime.Packages.AutoregressiveManifestRules;

namespace Pipeline.Tools.Export;

/// <summary>
/// `export --package P --upgrade`: exports again the networks of a package that an earlier version wrote, where this
/// version's export rules differ, from the weights in the package itself (its checkpoint is not needed): the model is
/// rebuilt from the manifest and its full network's initializers (<see cref="OnnxWeights"/>). Everything else stays as it
/// was. Before the package is replaced, the rebuilt model's step network in the package's own form must agree with the
/// package's step network on random inputs, and the new networks together with that step (<see cref="RowFormAgreement"/>).
/// Today that is the PixelCNN packages and VQ-VAE priors of the earlier step forms (<see cref="IncrementalDecoding.PixelCnn"/>,
/// <see cref="IncrementalDecoding.CausalPixelCnn"/>): they get the row form's "rows" and "step" networks
/// (<see cref="IncrementalDecoding.RowPixelCnn"/>).
/// </summary>
public static class PackageUpgrade
{
    /// <summary>Random input batches the rebuilt and old step networks are compared on.</summary>
    public const int Batches = 8;

    /// <summary>The largest difference from the old network accepted: the export's own tolerance against TorchSharp.</summary>
    public static readonly double Tolerance = new OnnxExportOptions().Tolerance;

    /// <exception cref="UsageException">The package is not float32, or has nothing this version exports differently.</exception>
    /// <exception cref="ExportVerificationException">The rebuilt model disagrees with the package; nothing was written.</exception>
    public static (ExportResult Result, PackageUpgradeReport Report) Upgrade(string sourceDirectory, string outputDirectory)
    {
        var source = PackageReader.Read(sourceDirectory);
        if (source.Precision != NumericPrecision.Fp32)
            throw new UsageException($"{sourceDirectory} is {PackageReader.Name(source.Precision)}: upgrade its float32 package, then convert that again (--precision)");
        if (source.Autoregressive is not { Incremental: IncrementalDecoding.PixelCnn or IncrementalDecoding.CausalPixelCnn } grid)
            throw new UsageException($"{sourceDirectory} ({source.Kind}) has nothing to upgrade: this version exports its networks as they are");
        var logits = Path.Combine(sourceDirectory, source.Networks[Rules.Logits].File);
        using var model = Rebuild(source, grid, logits);
        var oldStep = Path.Combine(sourceDirectory, source.Networks[Rules.Step].File);
        var differences = new Dictionary<string, double>();
        var written = new List<NetworkUpgrade>();
        var (agreement, rowForm) = (default(OutputDifference), default(OutputDifference));
        var (directory, manifest) = PackageStaging.Publish(outputDirectory, (staging, name) =>
        {
            foreach (var file in Directory.GetFiles(sourceDirectory).Where(f => Path.GetFileName(f) is not (ManifestJson.FileName or PackageIntegrity.HashFileName)))
                File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
            using var examples = Noise.Seeded(0);
            var check = Path.Combine(staging, "causal-check.onnx");      // the rebuilt model's causal step; deleted before the seal
            try
            {
                // 1. The rebuilt model's step in the package's own form against the package's step: the weights were read right.
                var causal = model.CausalStepNetwork();
                PackageExporter.WriteNetwork(causal, source.Kind, check, examples);
                var feeds = RandomFeeds(causal.Inputs);
                agreement = Agreement(grid, oldStep, check, feeds);
                if (!(agreement.Max <= Tolerance))
                    throw new ExportVerificationException($"the step network rebuilt from {logits} differs from the package's own by {agreement.Max:G3} (tolerance {Tolerance:G3}): its logits and step networks disagree; export it again from its checkpoint. Nothing was written.");
                // 2. The row form's networks, each verified against TorchSharp, then together against that causal step.
                var networks = new Dictionary<string, NetworkManifest>(source.Networks);
                foreach (var network in model.ExportNetworks().Where(n => n.Role is Rules.Step or RowPixelCnnContract.Rows))
                {
                    (networks[network.Role], differences[network.Role]) = PackageExporter.WriteNetworkInto(network, source.Kind, staging, examples);
                    var before = source.Networks.TryGetValue(network.Role, out var old) ? new FileInfo(Path.Combine(sourceDirectory, old.File)).Length : (long?)null;
                    written.Add(new NetworkUpgrade(network.Role, before, new FileInfo(Path.Combine(staging, networks[network.Role].File)).Length));
                }
                rowForm = RowFormAgreement.Difference(check, Path.Combine(staging, networks[RowPixelCnnContract.Rows].File), Path.Combine(staging, networks[Rules.Step].File),
                                                      grid.CachedLayers!, feeds);
                if (!(rowForm.Max <= Tolerance))
                    throw new ExportVerificationException($"the row form's rows and step networks differ from the model's causal step by {rowForm.Max:G3} (tolerance {Tolerance:G3}): an export rule is wrong. Nothing was written.");
                return source with { Name = name, Files = null, Networks = networks, Autoregressive = grid with { Incremental = IncrementalDecoding.RowPixelCnn } };
            }
            finally
            {
                File.Delete(check);
            }
        });
        return (new ExportResult(directory, manifest, differences), new PackageUpgradeReport(written, agreement, rowForm, Batches));
    }

    /// <summary>
    /// How far the rebuilt model's causal step network, <paramref name="check"/>, strays from the package's own,
    /// <paramref name="oldStep"/>, on the causal <paramref name="feeds"/>, given to the old network in its own layout.
    /// </summary>
    private static OutputDifference Agreement(AutoregressiveSpec grid, string oldStep, string check, IReadOnlyList<OnnxFeed> feeds)
    {
        var indices = grid.Incremental == IncrementalDecoding.PixelCnn ? ChannelFirstIndices(grid.CachedLayers!) : null;
        return OnnxComparison.Difference(OnnxModelFile.Read(oldStep), OnnxModelFile.Read(check),
                                         feeds.Select(feed => (indices is null ? feed : ChannelFirst(feed, indices, grid.CachedLayers!), feed)));
    }

    /// <summary>The PixelCNN the manifest describes (its sizes from the grid section and the weights' shapes), holding the logits network's weights.</summary>
    internal static PixelCnn Rebuild(ModelManifest source, AutoregressiveSpec grid, string logitsPath)
    {
        var logits = OnnxModelFile.Read(logitsPath);
        var shapes = logits.Graph.Initializer.ToDictionary(i => i.Name, i => i.Dims.ToArray());
        // The logits network wraps the model ("model.first.weight"): its sizes are read by the end of the names.
        long Dimension(string name) => shapes.Where(s => s.Key == name || s.Key.EndsWith("." + name, StringComparison.Ordinal)).Select(s => (long?)s.Value[0]).FirstOrDefault()
            ?? throw new InvalidDataException($"{logitsPath} has no initializer '{name}': it is not a PixelCNN this exporter wrote; export it again from its checkpoint");
        var layers = grid.CachedLayers!;
        var model = new PixelCnn(new PixelCnnConfig
        {
            ImageSize = (int)grid.GridShape[1],
            Channels = (int)Dimension("first.weight"),
            Blocks = layers.Count - 1,
            FirstKernel = layers[0].Kernel,
            Kernel = layers[1].Kernel,
            OutputChannels = (int)Dimension("head.1.weight"),
            Categories = grid.Categories,
            Classes = source.Classes?.Count ?? 0,
            OneHotInput = grid.OneHotInput,
        });
        try
        {
            // Into the module that was exported as the logits network, so the state-dict names are the file's.
            OnnxWeights.Load(model.ExportNetworks().Single(n => n.Role == Rules.Logits).Module, logits, logitsPath);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }

    /// <summary>
    /// For each entry of <see cref="IncrementalDecoding.CausalPixelCnn"/> patches (layer after layer, [r, j, c]), its index in
    /// <see cref="IncrementalDecoding.PixelCnn"/> patches (layer after layer, channel-first [c, r, j] over the whole k×k
    /// neighbourhood); the channel-first entries from the centre on have none.
    /// </summary>
    internal static int[] ChannelFirstIndices(IReadOnlyList<CachedLayerSpec> layers)
    {
        var (indices, offset) = (new List<int>(), 0);
        foreach (var layer in layers)
        {
            for (var i = 0; i < layer.CausalNeighbours; i++)
                for (var c = 0; c < layer.Channels; c++) indices.Add(offset + c * layer.Kernel * layer.Kernel + i);
            offset += layer.PatchSize(IncrementalDecoding.PixelCnn);
        }
        return indices.ToArray();
    }

    /// <summary>
    /// <paramref name="causal"/>'s patches as a <see cref="IncrementalDecoding.PixelCnn"/> step reads them, zero from the
    /// centre on (<paramref name="indices"/>: <see cref="ChannelFirstIndices"/> of <paramref name="layers"/>).
    /// </summary>
    private static OnnxFeed ChannelFirst(OnnxFeed causal, int[] indices, IReadOnlyList<CachedLayerSpec> layers) => new(causal.Inputs.Select(input =>
    {
        if (input.Name != Rules.Patches) return input;
        var (rows, from, to) = ((int)input.Shape[0], indices.Length, layers.Sum(l => l.PatchSize(IncrementalDecoding.PixelCnn)));
        var values = new float[rows * to];
        for (var n = 0; n < rows; n++)
            for (var e = 0; e < from; e++) values[n * to + indices[e]] = input.Values[n * from + e];
        return (input.Name, new long[] { rows, to }, values);
    }).ToList());

    /// <summary><see cref="Batches"/> batches of 16 uniform rows for every input (one-hot rows for a label).</summary>
    private static IReadOnlyList<OnnxFeed> RandomFeeds(IReadOnlyList<NetworkInput> inputs)
    {
        const int rows = 16;
        var random = new Random(1);
        return Enumerable.Range(0, Batches).Select(_ => new OnnxFeed(inputs.Select(input =>
        {
            var width = (int)input.Shape[1];
            var values = new float[rows * width];
            if (input.Name == Rules.Label)
                for (var n = 0; n < rows; n++) values[n * width + random.Next(width)] = 1;
            else
                for (var i = 0; i < values.Length; i++) values[i] = random.NextSingle();
            return (input.Name, new long[] { rows, width }, values);
        }).ToList())).ToList();
    }
}
