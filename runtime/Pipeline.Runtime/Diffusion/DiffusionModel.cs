using System.Collections.Concurrent;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Runtime.Diffusion;

/// <summary>
/// Diffusion and latent-diffusion packages: the reverse process runs in C# (<see cref="DdpmScheduler"/> or
/// <see cref="DdimScheduler"/>) around the exported "denoiser" ε̂(x_t, t [, c]); latent diffusion then decodes the codes
/// with the package's "decoder" (the runtime chains latent sampling and decoding). Conditional packages use
/// classifier-free guidance. Thread-safe: each call samples with its own <see cref="DiffusionSampler"/>.
/// </summary>
public sealed class DiffusionModel : IGenerativeModel
{
    private readonly NetworkRunner denoiser;
    private readonly NetworkRunner? decoder;
    private readonly ConcurrentDictionary<(int BatchSize, double? Guidance, bool Clip, bool ImpliedNoise), Lazy<OnnxSession>> stepGraphs = new();
    private readonly Lazy<OnnxSession> copySession;

    /// <summary>Loads the package's networks (use <see cref="ModelPackage.Open"/>); checks the diffusion contract.</summary>
    public DiffusionModel(string directory, ModelManifest manifest, RuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Family is not (ModelFamily.Diffusion or ModelFamily.LatentDiffusion))
            throw new PackageException($"{PackageReader.WithArticle(manifest.Family)} package is not a diffusion model");
        DiffusionManifestRules.Check(manifest, Path.Combine(directory, ManifestJson.FileName));
        Manifest = manifest;
        Spec = manifest.Diffusion!;
        Schedule = NoiseSchedule.FromSpec(Spec);
        Options = options ??= new RuntimeOptions();
        denoiser = new NetworkRunner(directory, DiffusionManifestRules.Denoiser, manifest.Networks[DiffusionManifestRules.Denoiser], options);
        copySession = new(() => OnnxSession.FromBytes(CopyGraph.Build(), "the copying graph", OnDenoiserProvider));
        try
        {
            RequireOutput(denoiser, DiffusionManifestRules.Denoiser, DiffusionManifestRules.Epsilon);
            if (!IsLatent) return;
            decoder = new NetworkRunner(directory, "decoder", manifest.Networks["decoder"], options);
            RequireOutput(decoder, "decoder", DiffusionManifestRules.Image);
        }
        catch
        {
            denoiser.Dispose();
            decoder?.Dispose();
            throw;
        }
    }

    /// <summary>The package's manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The manifest's diffusion section.</summary>
    public DiffusionSpec Spec { get; }

    /// <summary>The constants derived from the package's betas.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>True for latent diffusion (samples are codes, decoded at the end).</summary>
    public bool IsLatent => Manifest.Family == ModelFamily.LatentDiffusion;

    /// <summary>True when the denoiser takes a class label.</summary>
    public bool IsConditional => Manifest.Classes is not null;

    /// <summary>Number of classes of a conditional package (0 otherwise).</summary>
    public int ClassCount => Manifest.Classes?.Count ?? 0;

    /// <summary>The execution provider the denoiser runs on.</summary>
    public ExecutionProvider Provider => denoiser.Provider;

    internal OnnxSession DenoiserSession => denoiser.Session;

    /// <summary>The runtime options the package was opened with (the device step graph is opened with them too).</summary>
    internal RuntimeOptions Options { get; }

    /// <summary>
    /// The reverse step as a graph on the denoiser's provider (<see cref="SchedulerUpdateGraph"/>) for a batch shape, opened
    /// once per shape and shared by every sampler of it (an ONNX Runtime session runs on several threads at once): opening
    /// one costs a GPU far more than a step, and TensorRT an engine build.
    /// </summary>
    internal OnnxSession StepGraph(int batchSize, double? guidanceScale, AffineStep rule) =>
        stepGraphs.GetOrAdd((batchSize, guidanceScale, rule.Clip, rule.ImpliedNoise), key => new Lazy<OnnxSession>(() =>
            OnnxSession.FromBytes(SchedulerUpdateGraph.Build(key.BatchSize, Spec.SampleShape, key.Guidance, key.Clip, key.ImpliedNoise),
                                  "the diffusion step graph", OnDenoiserProvider))).Value;

    /// <summary>
    /// The graph that writes host values into tensors of the denoiser provider's memory (<see cref="CopyGraph"/>), for
    /// <see cref="DiffusionStatePlacement.CudaGraph"/>; opened once, on first use, and shared.
    /// </summary>
    internal OnnxSession CopySession => copySession.Value;

    /// <summary>A copy of the denoiser of its own, replayed as CUDA graphs (<see cref="DiffusionStatePlacement.CudaGraph"/>); the caller owns it.</summary>
    internal OnnxSession OpenDenoiserWithCudaGraphs() => OnnxSession.OpenWithCudaGraphs(denoiser.Session.ModelPath, OnDenoiserProvider);

    /// <summary>The options the networks the runtime adds run with: the denoiser's provider, no fallback.</summary>
    private RuntimeOptions OnDenoiserProvider => Options with { Provider = denoiser.Provider, AllowCpuFallback = false };

    /// <summary>
    /// <paramref name="count"/> images with the default options (DDPM over all T steps, the package's guidance scale);
    /// conditional packages generate class <paramref name="label"/>, or every class in turn when it is null.
    /// </summary>
    public ImageBatch Sample(int count, long seed, int? label = null) => Sample(count, seed, label, null);

    /// <summary>
    /// <paramref name="count"/> images in chunks of <see cref="DiffusionSamplingOptions.BatchSize"/>. Same seed, same images bit
    /// for bit (image n's noise does not depend on the chunking). <paramref name="progress"/> gets the steps done over all chunks
    /// (chunks × steps in all); <paramref name="cancellationToken"/> is checked between steps (<see cref="OperationCanceledException"/>).
    /// </summary>
    public ImageBatch Sample(int count, long seed, int? label, DiffusionSamplingOptions? options,
                             IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ImageBatch.CheckCount(count, Manifest.Image);
        var labels = Labels(count, label);
        return RunChunks(count, seed, labels, options, progress, cancellationToken, null, null, 1);
    }

    /// <summary>
    /// Inpainting (pixel diffusion): completes each image of <paramref name="known"/> where <paramref name="mask"/> is false, keeping
    /// the pixels where it is true (RePaint: the known region is replaced by its forward-noised version after every step,
    /// with <paramref name="resampling"/> reverse steps per timestep). The known pixels of the result equal the given ones exactly.
    /// </summary>
    /// <param name="known">The images, intensities in [0, 1].</param>
    /// <param name="mask">True = known; one value per pixel of one image (shared) or of every image.</param>
    /// <param name="seed">Same seed, same images.</param>
    /// <param name="options">Sampler, steps, guidance and batch size.</param>
    /// <param name="label">The class of every image, for conditional packages (null: every class in turn).</param>
    /// <param name="resampling">RePaint's resampling count (1: none).</param>
    /// <param name="progress">Steps done over all chunks.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    public ImageBatch Inpaint(ImageBatch known, bool[] mask, long seed, DiffusionSamplingOptions? options = null, int? label = null,
                              int resampling = 1, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(known);
        return RunInpainting(known, mask, seed, Labels(known.Count, label), options, resampling, progress, cancellationToken);
    }

    /// <summary>
    /// Inpainting by a conditional package with one class per image, e.g. the true classes of the images being completed;
    /// otherwise as <see cref="Inpaint(ImageBatch, bool[], long, DiffusionSamplingOptions?, int?, int, IProgress{int}?, CancellationToken)"/>.
    /// </summary>
    /// <param name="known">The images, intensities in [0, 1].</param>
    /// <param name="mask">True = known; one value per pixel of one image (shared) or of every image.</param>
    /// <param name="seed">Same seed, same images.</param>
    /// <param name="labels">The class of each image, 0 to <see cref="ClassCount"/> − 1.</param>
    /// <param name="options">Sampler, steps, guidance and batch size.</param>
    /// <param name="resampling">RePaint's resampling count (1: none).</param>
    /// <param name="progress">Steps done over all chunks.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    public ImageBatch Inpaint(ImageBatch known, bool[] mask, long seed, int[] labels, DiffusionSamplingOptions? options = null,
                              int resampling = 1, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(labels);
        if (!IsConditional) throw new ArgumentException($"{Manifest.Name} is not conditional: inpaint without classes", nameof(labels));
        if (labels.Length != known.Count) throw new ArgumentException($"pass one class per image: {known.Count}, got {labels.Length}", nameof(labels));
        foreach (var c in labels) CheckLabel(c);
        return RunInpainting(known, mask, seed, labels, options, resampling, progress, cancellationToken);
    }

    private ImageBatch RunInpainting(ImageBatch known, bool[] mask, long seed, int[]? labels, DiffusionSamplingOptions? options,
                                     int resampling, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mask);
        if (IsLatent) throw new NotSupportedException($"{Manifest.Name} is a latent diffusion package: inpainting needs a pixel-diffusion package");
        var image = Manifest.Image;
        if (known.Count == 0 || known.Channels != image.Channels || known.Height != image.Height || known.Width != image.Width)
            throw new ArgumentException($"pass at least one image of {image.Channels}×{image.Height}×{image.Width} to inpaint; got {known.Count} of {known.Channels}×{known.Height}×{known.Width}", nameof(known));
        var perImage = known.PixelsPerImage;
        if (mask.Length != perImage && mask.Length != known.Pixels.Length)
            throw new ArgumentException($"the mask needs one value per pixel: {perImage} (shared by all images) or {known.Pixels.Length} (every image); got {mask.Length}", nameof(mask));
        if (resampling < 1) throw new ArgumentOutOfRangeException(nameof(resampling), resampling, "use 1 (no resampling) or more");
        return RunChunks(known.Count, seed, labels, options, progress, cancellationToken, known, mask, resampling);
    }

    /// <summary>
    /// A step-at-a-time sampler for <paramref name="batchSize"/> items (dispose it). <see cref="DiffusionSamplingOptions.BatchSize"/>
    /// is not used: the sampler's batch is <paramref name="batchSize"/>.
    /// </summary>
    public DiffusionSampler CreateSampler(int batchSize, DiffusionSamplingOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        options ??= new DiffusionSamplingOptions();
        options.Validate(Schedule.TrainTimesteps);
        return new DiffusionSampler(this, batchSize, options);
    }

    /// <summary>
    /// Samples in the denoiser's space, [N, ...sample_shape], as images in [0, 1]: pixels rescaled and clamped, or latent
    /// codes decoded by the decoder from z / latent_scale.
    /// </summary>
    public ImageBatch ToImages(ReadOnlySpan<float> samples, int count)
    {
        if (count < 1 || samples.Length != count * Spec.SampleSize)
            throw new ArgumentException($"{count} samples of [{string.Join(", ", Spec.SampleShape)}] need {count * Spec.SampleSize} values, got {samples.Length}");
        var image = Manifest.Image;
        float[] pixels;
        if (decoder is not null)
        {
            var latents = new float[samples.Length];
            for (var i = 0; i < latents.Length; i++) latents[i] = (float)(samples[i] / Spec.LatentScale);
            pixels = decoder.Run(count, latents)[0];
        }
        else pixels = samples.ToArray();
        image.ToIntensities(pixels, clampAll: true);
        return new ImageBatch(count, image.Channels, image.Height, image.Width, pixels);
    }

    /// <summary>Releases the ONNX Runtime sessions.</summary>
    public void Dispose()
    {
        denoiser.Dispose();
        decoder?.Dispose();
        foreach (var graph in stepGraphs.Values.Where(g => g.IsValueCreated)) graph.Value.Dispose();
        if (copySession.IsValueCreated) copySession.Value.Dispose();
    }

    private ImageBatch RunChunks(int count, long seed, int[]? labels, DiffusionSamplingOptions? options, IProgress<int>? progress,
                                 CancellationToken cancellationToken, ImageBatch? known, bool[]? mask, int resampling)
    {
        options ??= new DiffusionSamplingOptions();
        options.Validate(Schedule.TrainTimesteps);
        var perImage = Manifest.Image.PixelsPerImage;
        Action<DiffusionSampler, int, int>? inpaint = known is null ? null : (sampler, start, n) =>
        {
            ReadOnlySpan<bool> maskSlice = mask!.Length == perImage ? mask : mask.AsSpan(start * perImage, n * perImage);
            sampler.SetKnownRegion(known.Slice(start, n), maskSlice, resampling);
        };
        return StepwiseSampling.InChunks(Manifest.Image, count, options.BatchSize, options.Workers, seed, labels, n => new DiffusionSampler(this, n, options),
                                         inpaint, progress, cancellationToken);
    }

    private static void RequireOutput(NetworkRunner network, string role, string name)
    {
        var outputs = network.Session.Session.OutputMetadata;
        if (!outputs.ContainsKey(name))
            throw new PackageException($"the {role} network {network.Session.ModelPath} has no output '{name}' (it has {string.Join(", ", outputs.Keys)}): export the package again");
    }

    private int[]? Labels(int count, int? label) => ClassLabels.For(Manifest, count, label);

    private void CheckLabel(int label) => ClassLabels.Check(Manifest, label);
}
