using System.Diagnostics;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Pipeline.Tools.Commands;
using Spectre.Console;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// `bench workers`: images/s of an autoregressive, VQ-VAE or diffusion package's <c>Sample</c> as the runtime does it by
/// default (one chunk, ONNX Runtime's intra-op threads on every core, one for a step network) against several workers (the sampling options'
/// <c>Workers</c>: chunks at once) on the package opened with one intra-op thread, in interleaved rounds; and whether both
/// gave the same images. Diffusion packages run DDIM with <c>ddimSteps</c> steps.
/// </summary>
internal static class WorkersBenchmark
{
    public static void Run(IReadOnlyList<string> packages, int count, int workers, int rounds, int ddimSteps)
    {
        AnsiConsole.MarkupLineInterpolated($"bench workers: {count} images per Sample (diffusion: DDIM-{ddimSteps}), {rounds} interleaved rounds (medians), after one untimed Sample each; CPU, {Environment.ProcessorCount} cores");
        var table = new Table().AddColumns("package", $"1 worker, default threads (images/s)",
            $"{workers} workers × 1 thread (images/s)", "gain", "same images", "rounds (1 worker | workers)");
        foreach (var package in packages)
        {
            var family = PackageReader.Read(package).Family;
            if (!SamplingWorkers.HasWorkers(family))
                throw new UsageException($"{package} is {PackageReader.WithArticle(family)} package: bench workers takes autoregressive, VQ-VAE and diffusion packages");
            using var standard = ModelPackage.Open(package);
            using var single = ModelPackage.Open(package, new RuntimeOptions { IntraOpThreads = 1 });
            ImageBatch Alone(int seed) => SamplingWorkers.Sample(standard, count, seed, null, 1, count, DiffusionSamplingOptions.Ddim(ddimSteps));
            ImageBatch Together(int seed) => SamplingWorkers.Sample(single, count, seed, null, workers, count, DiffusionSamplingOptions.Ddim(ddimSteps));
            var same = Alone(0).Pixels.AsSpan().SequenceEqual(Together(0).Pixels);
            var (alone, together) = (new List<double>(), new List<double>());
            for (var round = 1; round <= rounds; round++)
            {
                alone.Add(ImagesPerSecond(() => Alone(round), count));
                together.Add(ImagesPerSecond(() => Together(round), count));
            }
            var (a, t) = (Median.Of(alone), Median.Of(together));
            table.AddRow(standard.Manifest.Name, $"{a:F1}", $"{t:F1}", $"[bold]{t / a:F2}×[/]", same ? "yes" : "[red]no[/]",
                $"{string.Join(", ", alone.Select(v => v.ToString("F1")))} | {string.Join(", ", together.Select(v => v.ToString("F1")))}");
        }
        AnsiConsole.Write(table);
    }

    private static double ImagesPerSecond(Func<ImageBatch> sample, int count)
    {
        var clock = Stopwatch.StartNew();
        sample();
        return count / clock.Elapsed.TotalSeconds;
    }
}
