using System.Diagnostics;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Spectre.Console;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// Sampling speed of the same model in several precisions (`bench precision`): each package samples the same images in
/// turn, round after round, and the medians are compared with the first package's.
/// </summary>
internal static class PrecisionBenchmark
{
    private const double MinimumRound = 0.25;

    public static void Run(IReadOnlyList<string> packages, int count, int rounds, RuntimeOptions options, DiffusionSamplingOptions diffusion)
    {
        var models = packages.Select(p => ModelPackage.Open(p, options)).ToList();
        try
        {
            var seconds = packages.Select(_ => new List<double>()).ToArray();
            ImageBatch Sample(IGenerativeModel model) => model is DiffusionModel d ? d.Sample(count, 1, null, diffusion) : model.Sample(count, 1, null);
            foreach (var model in models) Sample(model);                 // warm-up: sessions' first runs plan their memory
            for (var round = 0; round < rounds; round++)
                for (var k = 0; k < models.Count; k++)
                {
                    // Fast generators sample 64 images in milliseconds: a round repeats until it has run a quarter of a second.
                    var (start, samples) = (Stopwatch.GetTimestamp(), 0);
                    do
                    {
                        Sample(models[k]);
                        samples++;
                    }
                    while (Stopwatch.GetElapsedTime(start).TotalSeconds < MinimumRound);
                    seconds[k].Add(Stopwatch.GetElapsedTime(start).TotalSeconds / samples);
                }
            var table = new Table().AddColumns("package", "precision", "ONNX files (bytes)", "images/s (median)", "± (95%)", "time per image vs first");
            var first = Median.Of(seconds[0]);
            for (var k = 0; k < models.Count; k++)
            {
                var median = Median.Of(seconds[k]);
                var bytes = models[k].Manifest.Networks.Values.Sum(n => new FileInfo(Path.Combine(packages[k], n.File)).Length);
                table.AddRow(Path.GetFileName(Path.TrimEndingDirectorySeparator(packages[k])), PackageReader.Name(models[k].Manifest.Precision), $"{bytes:N0}",
                    $"{count / median:F1}", Median.SpreadText(seconds[k]), $"{median / first:F3}×");
            }
            AnsiConsole.MarkupLineInterpolated($"{count} images per sample, {rounds} interleaved rounds, on {options.Provider}, {options.IntraOpThreads} threads{(models[0] is DiffusionModel ? $", {diffusion.Sampler} {diffusion.Steps} steps" : "")}");
            AnsiConsole.Write(table);
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }
}
