using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Quantized;
using Pipeline.Runtime.Sessions;

namespace Pipeline.Tools.Commands;

/// <summary>
/// How the tools sample the families whose networks ONNX Runtime spreads poorly over the cores (autoregressive, VQ-VAE,
/// diffusion) on the CPU: one worker per core, each chunk's network runs on its worker's thread (the sampling options'
/// <c>Workers</c>; `tools/pipeline bench workers` measures the gain). The images are those of one worker.
/// </summary>
internal static class SamplingWorkers
{
    /// <summary>One worker per core.</summary>
    public static int Count => Environment.ProcessorCount;

    /// <summary>Whether packages of <paramref name="family"/> can be sampled on several workers.</summary>
    public static bool HasWorkers(ModelFamily family) =>
        family is ModelFamily.Autoregressive or ModelFamily.VectorQuantized or ModelFamily.Diffusion or ModelFamily.LatentDiffusion;

    /// <summary>
    /// Whether a package of <paramref name="family"/> on <paramref name="provider"/> is sampled on workers: not diffusion with
    /// x_t in <see cref="DiffusionStatePlacement.CudaGraph"/>, which samples on one.
    /// </summary>
    public static bool Serve(ModelFamily family, ExecutionProvider provider, DiffusionStatePlacement placement = DiffusionStatePlacement.Host) =>
        provider == ExecutionProvider.Cpu && Count > 1 && HasWorkers(family) && placement != DiffusionStatePlacement.CudaGraph;

    /// <summary><paramref name="options"/> with one intra-op thread when the package is sampled on workers; as they are otherwise.</summary>
    public static RuntimeOptions For(ModelFamily family, RuntimeOptions options, DiffusionStatePlacement placement = DiffusionStatePlacement.Host) =>
        Serve(family, options.Provider, placement) ? options with { IntraOpThreads = 1 } : options;

    /// <summary>The diffusion options (the defaults when null) with <see cref="Count"/> workers when <paramref name="model"/> is sampled on workers.</summary>
    public static DiffusionSamplingOptions? Diffusion(IGenerativeModel model, DiffusionSamplingOptions? options = null) =>
        OnWorkers(model, options?.StatePlacement ?? DiffusionStatePlacement.Host) ? (options ?? new DiffusionSamplingOptions()) with { Workers = Count } : options;

    /// <summary><paramref name="count"/> images of <paramref name="model"/>, on workers where it is sampled so.</summary>
    public static ImageBatch Sample(IGenerativeModel model, int count, long seed, int? label) =>
        OnWorkers(model) ? Sample(model, count, seed, label, Count) : model.Sample(count, seed, label);

    /// <summary>
    /// <paramref name="count"/> images of an autoregressive, VQ-VAE or diffusion <paramref name="model"/> on
    /// <paramref name="workers"/> workers: in chunks of <paramref name="batchSize"/> (the family's default when null), by
    /// <paramref name="diffusion"/> for diffusion packages (the defaults when null).
    /// </summary>
    public static ImageBatch Sample(IGenerativeModel model, int count, long seed, int? label, int workers, int? batchSize = null,
        DiffusionSamplingOptions? diffusion = null)
    {
        var prior = new AutoregressiveSamplingOptions { Workers = workers };
        prior = prior with { BatchSize = batchSize ?? prior.BatchSize };
        diffusion ??= new DiffusionSamplingOptions();
        diffusion = diffusion with { Workers = workers, BatchSize = batchSize ?? diffusion.BatchSize };
        return model switch
        {
            AutoregressiveModel autoregressive => autoregressive.Sample(count, seed, label, prior),
            VectorQuantizedModel quantized => quantized.Sample(count, seed, label, prior),
            DiffusionModel d => d.Sample(count, seed, label, diffusion),
            _ => throw new ArgumentException($"{model.Manifest.Name} is {PackageReader.WithArticle(model.Manifest.Family)} package: only autoregressive, VQ-VAE and diffusion packages have workers", nameof(model)),
        };
    }

    private static bool OnWorkers(IGenerativeModel model, DiffusionStatePlacement placement = DiffusionStatePlacement.Host) => Serve(model.Manifest.Family, model switch
    {
        AutoregressiveModel autoregressive => autoregressive.Provider,
        VectorQuantizedModel quantized => quantized.Provider,
        DiffusionModel diffusion => diffusion.Provider,
        _ => ExecutionProvider.Cpu,
    }, placement);
}
