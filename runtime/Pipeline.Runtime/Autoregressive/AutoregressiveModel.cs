using Pipeline.Onnx;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Rules = Pipeline.Runtime.Packages.AutoregressiveManifestRules;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// Autoregressive packages (FVSBN, NADE, MADE, PixelCNN): the positions are drawn one after another in C#
/// (<see cref="AutoregressiveSampler"/>), each from the categorical the exported network gives for it, through the package's
/// step network when it has one. Also gives the exact log-likelihood of any image. Thread-safe: each call samples with its
/// own sampler.
/// </summary>
public sealed class AutoregressiveModel : IGenerativeModel
{
    private readonly NetworkRunner logits;
    private readonly NetworkRunner? step;
    private readonly NetworkRunner? rows;
    private readonly NetworkRunner? ensemble;

    /// <summary>Loads the package's networks (use <see cref="ModelPackage.Open"/>); checks the autoregressive contract.</summary>
    public AutoregressiveModel(string directory, ModelManifest manifest, RuntimeOptions? options = null)
        : this(directory, Checked(directory, manifest), manifest.Autoregressive!, options)
    {
    }

    /// <summary>The autoregressive model of a package whose own rules have checked <paramref name="spec"/> (a VQ-VAE's prior over codes).</summary>
    internal AutoregressiveModel(string directory, ModelManifest manifest, AutoregressiveSpec spec, RuntimeOptions? options)
    {
        Manifest = manifest;
        Spec = spec;
        options ??= new RuntimeOptions();
        logits = new NetworkRunner(directory, Rules.Logits, manifest.Networks[Rules.Logits], options);
        try
        {
            if (manifest.Networks.TryGetValue(Rules.Step, out var network)) step = new NetworkRunner(directory, Rules.Step, network, StepOptions(options));
            if (manifest.Networks.TryGetValue(RowPixelCnnContract.Rows, out network)) rows = new NetworkRunner(directory, RowPixelCnnContract.Rows, network, StepOptions(options));
            if (manifest.Networks.TryGetValue(Rules.Ensemble, out network)) ensemble = new NetworkRunner(directory, Rules.Ensemble, network, options);
        }
        catch
        {
            logits.Dispose();
            step?.Dispose();
            rows?.Dispose();
            throw;
        }
    }

    /// <summary>How a package's step networks (and a PixelCNN's rows network) run: on <see cref="RuntimeOptions.StepNetworkThreads"/> intra-op threads.</summary>
    internal static RuntimeOptions StepOptions(RuntimeOptions options) => options with { IntraOpThreads = options.StepNetworkThreads };

    /// <summary>The package's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The manifest's autoregressive section.</summary>
    public AutoregressiveSpec Spec { get; }

    /// <summary>True when the networks take a class label.</summary>
    public bool IsConditional => Manifest.Classes is not null;

    /// <summary>Number of classes of a conditional package (0 otherwise).</summary>
    public int ClassCount => Manifest.Classes?.Count ?? 0;

    /// <summary>True when the package carries a step network (fast incremental decoding).</summary>
    public bool HasStepNetwork => step is not null;

    /// <summary>The execution provider the networks run on.</summary>
    public ExecutionProvider Provider => logits.Provider;

    /// <summary><paramref name="count"/> images at temperature 1 with the fastest loop; conditional packages generate class <paramref name="label"/>, or every class in turn.</summary>
    public ImageBatch Sample(int count, long seed, int? label = null) => Sample(count, seed, label, null);

    /// <summary>
    /// <paramref name="count"/> images in chunks of <see cref="AutoregressiveSamplingOptions.BatchSize"/>. Same seed, same images (image
    /// n's draws do not depend on the chunking or the loop). <paramref name="progress"/> gets the positions done over all chunks;
    /// <paramref name="cancellationToken"/> is checked between positions.
    /// </summary>
    public ImageBatch Sample(int count, long seed, int? label, AutoregressiveSamplingOptions? options,
                             IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ImageBatch.CheckCount(count, Manifest.Image);
        return Sample(count, seed, Labels(count, label), options, progress, cancellationToken);
    }

    /// <summary>Images of the given classes (one per image) for a class-conditional package; otherwise as the other overload.</summary>
    public ImageBatch Sample(int[] labels, long seed, AutoregressiveSamplingOptions? options = null,
                             IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length == 0) throw new ArgumentException("pass at least one label", nameof(labels));
        CheckLabels(labels, labels.Length);
        return Sample(labels.Length, seed, labels, options, progress, cancellationToken);
    }

    /// <summary>A step-at-a-time sampler for <paramref name="batchSize"/> items (dispose it); the options' batch size is not used.</summary>
    public AutoregressiveSampler CreateSampler(int batchSize, AutoregressiveSamplingOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        options ??= new AutoregressiveSamplingOptions();
        options.Validate();
        return new AutoregressiveSampler(this, batchSize, options);
    }

    /// <summary>
    /// The exact log-likelihood log p(x) in nats of each image (one pass of the "logits" network): intensities are first
    /// quantized to the package's K values (round(x·(K − 1)): binarized packages read pixels ≥ ½ as 1). Conditional packages
    /// need each image's class: log p(x | c). A mask ensemble gives its mixture's likelihood (its "ensemble" network) unless
    /// <paramref name="firstMaskOnly"/> asks for that of mask 0, the distribution the sampler draws from.
    /// </summary>
    public double[] LogLikelihood(ImageBatch images, int[]? labels = null, bool firstMaskOnly = false)
    {
        ArgumentNullException.ThrowIfNull(images);
        var grid = Spec.GridShape;
        if (images.Count == 0 || images.Channels != grid[0] || images.Height != grid[1] || images.Width != grid[2])
            throw new ArgumentException($"pass images of {grid[0]}×{grid[1]}×{grid[2]}; got {images.Count} of {images.Channels}×{images.Height}×{images.Width}", nameof(images));
        images.CheckFinite("log-likelihood input");
        return LogLikelihood(Quantize(images.Pixels), images.Count, labels, firstMaskOnly);
    }

    /// <summary>log p(x) in nats of <paramref name="count"/> grids of category values [N, D], given one class per grid when conditional.</summary>
    internal double[] LogLikelihood(float[] values, int count, int[]? labels, bool firstMaskOnly = false)
    {
        if (IsConditional != (labels is not null))
            throw new ArgumentException(IsConditional ? $"{Manifest.Name} is conditional: pass one class per image" : $"{Manifest.Name} is not conditional: pass no labels", nameof(labels));
        if (labels is not null)
        {
            if (labels.Length != count) throw new ArgumentException($"pass one class per image ({count}), got {labels.Length}", nameof(labels));
            CheckLabels(labels, labels.Length);
        }
        if (ensemble is not null && !firstMaskOnly) return ensemble.Run(count, values)[0].Select(v => (double)v).ToArray();
        var (positions, categories) = (Spec.Positions, Spec.Categories);
        var output = labels is null ? logits.Run(count, values)[0] : logits.Run(count, values, OneHot(labels))[0];
        var result = new double[count];
        for (var n = 0; n < count; n++)
            for (var d = 0; d < positions; d++)
                result[n] += CategoricalDraw.LogProbability(output.AsSpan((n * positions + d) * categories, categories), (int)values[n * positions + d], n);
        return result;
    }

    /// <summary>Intensities in [0, 1] as category values round(x·(K − 1)), clamped to 0..K − 1.</summary>
    public float[] Quantize(ReadOnlySpan<float> pixels)
    {
        var top = Spec.Categories - 1;
        var values = new float[pixels.Length];
        for (var i = 0; i < values.Length; i++) values[i] = Math.Clamp(MathF.Round(pixels[i] * top, MidpointRounding.AwayFromZero), 0, top);
        return values;
    }

    /// <summary>Category values [N, D] as images: intensity value / (K − 1).</summary>
    public ImageBatch ToImages(ReadOnlySpan<float> values, int count)
    {
        var image = Manifest.Image;
        if (count < 1 || values.Length != count * Spec.Positions)
            throw new ArgumentException($"{count} grids of {Spec.Positions} positions need {count * Spec.Positions} values, got {values.Length}");
        var pixels = new float[values.Length];
        var top = (float)(Spec.Categories - 1);
        for (var i = 0; i < pixels.Length; i++) pixels[i] = values[i] / top;
        return new ImageBatch(count, image.Channels, image.Height, image.Width, pixels);
    }

    /// <summary>Releases the ONNX Runtime sessions.</summary>
    public void Dispose()
    {
        logits.Dispose();
        step?.Dispose();
        rows?.Dispose();
        ensemble?.Dispose();
    }

    private static ModelManifest Checked(string directory, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Family != ModelFamily.Autoregressive)
            throw new PackageException($"{PackageReader.WithArticle(manifest.Family)} package is not an autoregressive model");
        Rules.Check(manifest, Path.Combine(directory, ManifestJson.FileName));
        return manifest;
    }

    internal PositionDecoder CreateDecoder(AutoregressiveDecoding decoding, int batchSize, int[] order, float[] values) =>
        (decoding, Spec.Incremental) switch
        {
            (AutoregressiveDecoding.Incremental, IncrementalDecoding.Nade) => new NadeStepDecoder(step!.Session, Spec, ClassCount, batchSize, order, values),
            (AutoregressiveDecoding.Incremental, IncrementalDecoding.PixelCnn or IncrementalDecoding.CausalPixelCnn) => new PixelCnnStepDecoder(step!.Session, Spec, ClassCount, batchSize, values),
            (AutoregressiveDecoding.Incremental, IncrementalDecoding.RowPixelCnn) =>
                new PixelCnnRowDecoder(rows!.Session, Manifest.Networks[RowPixelCnnContract.Rows], step!.Session, Spec, ClassCount, batchSize, values),
            _ => new FullNetworkDecoder(logits.Session, Spec, ClassCount, batchSize, order, values),
        };

    /// <summary>Throws unless <paramref name="labels"/> holds one valid class per item (conditional) or nothing (unconditional).</summary>
    internal void CheckLabels(ReadOnlySpan<int> labels, int batchSize)
    {
        if (!IsConditional)
        {
            if (!labels.IsEmpty) throw new ArgumentException($"{Manifest.Name} is not conditional: pass no labels", nameof(labels));
            return;
        }
        if (labels.Length != batchSize)
            throw new ArgumentException($"{Manifest.Name} is conditional: pass one class label per item ({batchSize}), each in 0..{ClassCount - 1}", nameof(labels));
        foreach (var label in labels) ClassLabels.Check(Manifest, label);
    }

    private ImageBatch Sample(int count, long seed, int[]? labels, AutoregressiveSamplingOptions? options, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        options ??= new AutoregressiveSamplingOptions();
        options.Validate();
        return StepwiseSampling.InChunks(Manifest.Image, count, options.BatchSize, options.Workers, seed, labels, n => new AutoregressiveSampler(this, n, options),
                                         null, progress, cancellationToken);
    }

    private int[]? Labels(int count, int? label) => ClassLabels.For(Manifest, count, label);

    private float[] OneHot(int[] labels)
    {
        var oneHot = new float[labels.Length * ClassCount];
        for (var n = 0; n < labels.Length; n++) oneHot[n * ClassCount + labels[n]] = 1;
        return oneHot;
    }
}
