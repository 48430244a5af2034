using System.Globalization;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Sessions;
using Spectre.Console;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// `bench session`: a diffusion package's DDPM step (denoiser + the runtime's loop) under each ONNX Runtime session
/// setting of <see cref="RuntimeOptions"/> against the defaults, in interleaved rounds, so the defaults are the fastest measured.
/// </summary>
internal static class SessionBenchmark
{
    private static IEnumerable<(string Name, RuntimeOptions Options)> Variants(int threads) =>
    [
        ("defaults", new RuntimeOptions { IntraOpThreads = threads }),
        ("GraphOptimization = Extended", new RuntimeOptions { IntraOpThreads = threads, GraphOptimization = GraphOptimization.Extended }),
        ("GraphOptimization = Basic", new RuntimeOptions { IntraOpThreads = threads, GraphOptimization = GraphOptimization.Basic }),
        ("GraphOptimization = None", new RuntimeOptions { IntraOpThreads = threads, GraphOptimization = GraphOptimization.None }),
        ("CpuMemoryArena = false", new RuntimeOptions { IntraOpThreads = threads, CpuMemoryArena = false }),
        ("MemoryPattern = false", new RuntimeOptions { IntraOpThreads = threads, MemoryPattern = false }),
        ("PrepackWeights = false", new RuntimeOptions { IntraOpThreads = threads, PrepackWeights = false }),
        // The shared pool is the defaults' (opened first), spinning with their threads: these two get a pool of their own.
        ("SpinThreads = false (own pool)", new RuntimeOptions { IntraOpThreads = threads, SpinThreads = false }),
        ("IntraOpThreads = 1 (own pool)", new RuntimeOptions { IntraOpThreads = 1 }),
        ("SharedThreadPool = false", new RuntimeOptions { IntraOpThreads = threads, SharedThreadPool = false }),
    ];

    public static void Run(string package, IReadOnlyList<int> batches, int steps, int rounds, int threads)
    {
        var variants = Variants(threads).Select(v => (v.Name, Model: ModelPackage.OpenDiffusion(package, v.Options))).ToList();
        try
        {
            AnsiConsole.MarkupLineInterpolated($"bench session: package {package}; a DDPM step (denoiser + loop) under each setting, {steps} steps (more at smaller batches, up to 8x) x {rounds} interleaved rounds, {threads} intra-op threads unless said");
            foreach (var batch in batches)
            {
                var times = variants.Select(_ => new List<double>()).ToList();
                var timed = new DdpmBenchSettings { Batches = batches, Steps = steps }.TimedSteps(batch);   // small batches: more, shorter steps
                for (var round = 0; round < rounds; round++)
                {
                    // Alternate the order, so a drift within a round favours no setting.
                    var order = Enumerable.Range(0, variants.Count);
                    foreach (var v in round % 2 == 0 ? order : order.Reverse())
                        times[v].Add(SamplerBenchmark.Measure(variants[v].Model, batch, DiffusionSamplerKind.Ddpm, 1000, timed, round == 0 ? 2 : 1).SecondsPerStep);
                }
                var table = new Table().AddColumns("setting", "ms per DDPM step (median)", "time / defaults' (median of rounds)");
                for (var v = 0; v < variants.Count; v++)
                {
                    var ratios = times[v].Zip(times[0], (a, b) => a / b).ToList();
                    table.AddRow(variants[v].Name, (Median.Of(times[v]) * 1000).ToString("F3", CultureInfo.InvariantCulture),
                                 v == 0 ? "1" : $"{Median.Of(ratios):F3} ± {Median.SpreadText(ratios)}");
                }
                AnsiConsole.MarkupLineInterpolated($"batch {batch}:");
                AnsiConsole.Write(table);
            }
        }
        finally
        {
            foreach (var (_, model) in variants) model.Dispose();
        }
    }
}
