using System.Diagnostics;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Models;
using Spectre.Console;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// `bench autoregressive`: images/s of the naive loop (the whole network per position) and of the incremental one (the
/// package's step network) side by side, at each batch size, in interleaved rounds. A position costs the same whichever
/// it is in both loops (the naive one always runs the whole image, the step one always the same neighbourhoods), so a
/// naive round times <c>steps</c> positions after a warm-up and images/s = N / (D · time per position); an incremental
/// round times every position but the first two.
/// </summary>
internal static class AutoregressiveBenchmark
{
    public static void Run(IReadOnlyList<string> packages, IReadOnlyList<int> batches, int steps, int rounds)
    {
        AnsiConsole.MarkupLineInterpolated($"bench autoregressive: {rounds} interleaved rounds; naive: {steps} timed positions (after 2 untimed), incremental: all positions but the first 2; CPU, {Environment.ProcessorCount} threads");
        var table = new Table().AddColumns("package", "batch", "naive images/s", "incremental images/s", "speed-up", "rounds (naive | incremental, images/s)");
        foreach (var package in packages)
        {
            using var model = ModelPackage.OpenAutoregressive(package);
            foreach (var batch in batches)
            {
                using var naive = model.CreateSampler(batch, new AutoregressiveSamplingOptions { Decoding = AutoregressiveDecoding.Naive });
                using var fast = model.HasStepNetwork ? model.CreateSampler(batch) : null;
                var labels = model.IsConditional ? Enumerable.Range(0, batch).Select(i => i % model.ClassCount).ToArray() : [];
                var (slow, quick) = (new List<double>(), new List<double>());
                for (var round = 0; round < rounds; round++)
                {
                    slow.Add(ImagesPerSecond(naive, labels, steps, round));
                    if (fast is not null) quick.Add(ImagesPerSecond(fast, labels, int.MaxValue, round));
                }
                var (n, f) = (Median.Of(slow), fast is null ? double.NaN : Median.Of(quick));
                table.AddRow(model.Manifest.Name, $"{batch}", $"{n:F2}", fast is null ? "– (no step network)" : $"{f:F1}",
                    fast is null ? "–" : $"[bold]{f / n:F1}×[/]",
                    $"{string.Join(", ", slow.Select(v => v.ToString("F2")))} | {string.Join(", ", quick.Select(v => v.ToString("F1")))}");
            }
        }
        AnsiConsole.Write(table);
    }

    /// <summary>Times <paramref name="steps"/> positions of a fresh generation (after two) and converts to images/s.</summary>
    private static double ImagesPerSecond(AutoregressiveSampler sampler, int[] labels, int steps, int round)
    {
        sampler.Reset(round + 1, labels);
        sampler.Step();
        sampler.Step();
        var timed = Math.Min(steps, sampler.TotalSteps - 2);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < timed; i++) sampler.Step();
        var perPosition = clock.Elapsed.TotalSeconds / timed;
        return sampler.BatchSize / (perPosition * sampler.TotalSteps);
    }
}
