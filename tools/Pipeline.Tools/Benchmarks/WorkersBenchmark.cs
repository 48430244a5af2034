using System.Diagnostics;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Quantized;
using Pipeline.Runtime.Sessions;
using Spectre.Console;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// `bench workers`: images/s of an autoregressive or VQ-VAE package's <c>Sample</c> as the runtime does it by default (one
/// chunk, ONNX Runtime's intra-op threads on every core) against <see cref="AutoregressiveSamplingOptions.Workers"/> chunks
/// at once on a package opened with one intra-op thread, in interleaved rounds; and whether both gave the same images.
/// </summary>
internal static class WorkersBenchmark
{
    public static void Run(IReadOnlyList<string> packages, int count, int workers, int rounds)
    {
        AnsiConsole.MarkupLineInterpolated($"bench workers: {count} images per Sample, {rounds} interleaved rounds (medians), after one untimed Sample each; CPU, {Environment.ProcessorCount} cores");
        var table = new Table().AddColumns("package", $"1 worker, {Environment.ProcessorCount} threads (images/s)",
            $"{workers} workers × 1 thread (images/s)", "gain", "same images", "rounds (1 worker | workers)");
        foreach (var package in packages)
        {
            using var standard = ModelPackage.Open(package);
            using var single = ModelPackage.Open(package, new RuntimeOptions { IntraOpThreads = 1 });
            var one = new AutoregressiveSamplingOptions { BatchSize = count };
            var many = one with { Workers = workers };
            var same = Sample(standard, count, 0, one).Pixels.AsSpan().SequenceEqual(Sample(single, count, 0, many).Pixels);
            var (alone, together) = (new List<double>(), new List<double>());
            for (var round = 1; round <= rounds; round++)
            {
                alone.Add(ImagesPerSecond(standard, count, round, one));
                together.Add(ImagesPerSecond(single, count, round, many));
            }
            var (a, t) = (Median.Of(alone), Median.Of(together));
            table.AddRow(standard.Manifest.Name, $"{a:F1}", $"{t:F1}", $"[bold]{t / a:F2}×[/]", same ? "yes" : "[red]no[/]",
                $"{string.Join(", ", alone.Select(v => v.ToString("F1")))} | {string.Join(", ", together.Select(v => v.ToString("F1")))}");
        }
        AnsiConsole.Write(table);
    }

    private static double ImagesPerSecond(IGenerativeModel model, int count, int seed, AutoregressiveSamplingOptions options)
    {
        var clock = Stopwatch.StartNew();
        Sample(model, count, seed, options);
        return count / clock.Elapsed.TotalSeconds;
    }

    private static ImageBatch Sample(IGenerativeModel model, int count, int seed, AutoregressiveSamplingOptions options) => model switch
    {
        AutoregressiveModel autoregressive => autoregressive.Sample(count, seed, null, options),
        VectorQuantizedModel quantized => quantized.Sample(count, seed, null, options),
        _ => throw new UsageException($"{model.Manifest.Name} is a {Pipeline.Runtime.Packages.PackageReader.Name(model.Manifest.Family)} package: bench workers takes autoregressive and VQ-VAE packages"),
    };
}
