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
    public static void Run(IReadOnlyList<string> packages, int count, int rounds, int threads, DiffusionSamplingOptions diffusion)
    {
        var options = new RuntimeOptions { IntraOpThreads = threads };
        var models = packages.Select(p => ModelPackage.Open(p, options)).ToList();
        try
        {
            var seconds = packages.Select(_ => new List<double>()).ToArray();
            ImageBatch Sample(IGenerativeModel model) => model is DiffusionModel d ? d.Sample(count, 1, null, diffusion) : model.Sample(count, 1, null);
            foreach (var model in models) Sample(model);                 // warm-up: sessions' first runs plan their memory
            for (var round = 0; round < rounds; round++)
                for (var k = 0; k < models.Count; k++)
                {
                    var start = Stopwatch.GetTimestamp();
                    Sample(models[k]);
                    seconds[k].Add(Stopwatch.GetElapsedTime(start).TotalSeconds);
                }
            var table = new Table().AddColumns("package", "precision", "ONNX files (bytes)", "images/s (median)", "± (95%)", "time vs first");
            var first = Median.Of(seconds[0]);
            for (var k = 0; k < models.Count; k++)
            {
                var median = Median.Of(seconds[k]);
                var bytes = models[k].Manifest.Networks.Values.Sum(n => new FileInfo(Path.Combine(packages[k], n.File)).Length);
                table.AddRow(packages[k], PackageReader.Name(models[k].Manifest.Precision), $"{bytes:N0}", $"{count / median:F1}",
                    $"{Median.RelativeSpread(seconds[k]) * 100:F1}%", $"{median / first:F3}×");
            }
            AnsiConsole.MarkupLineInterpolated($"{count} images per sample, {rounds} interleaved rounds, {threads} threads{(models[0] is DiffusionModel ? $", {diffusion.Sampler} {diffusion.Steps} steps" : "")}");
            AnsiConsole.Write(table);
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }
}
