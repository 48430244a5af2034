using System.Diagnostics;
using Pipeline.Onnx;
using Pipeline.Runtime.Autoregressive;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Flows;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Quantized;
using Pipeline.Runtime.Sessions;
using Spectre.Console;
using LoopRow = (string What, System.Collections.Generic.List<double> Ratios, System.Collections.Generic.List<double> Loops, System.Collections.Generic.List<double> Raws);

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// `bench loops`: what the runtime's sampling loops (autoregressive, flow, diffusion) cost beyond the networks they run. Each
/// round times the loop, then the raw forward passes of the same networks at the same batch (<see cref="RawNetwork"/>),
/// and keeps their ratio: for an autoregressive package, one decoding step (drawing a position for N items) against one
/// forward pass of the network it runs (the step network, or the whole network when there is none), a VQ-VAE's prior
/// over its grid of codes alike (its decoder runs once a generation, after the loop); for a flow, one
/// `Sample` of N images (z drawn, every coupling inverted, the logit undone) against one pass of each coupling network,
/// run in turn in the order the `Sample` runs them; for a diffusion package, one DDPM and one DDIM reverse step (the
/// denoiser, the noise, the scheduler update) against one pass of the denoiser.
/// The medians of the ratios are printed with the half-width of their 95% interval; rounds go on past the minimum, up to a
/// maximum, until that half-width is within the target. (`bench ddpm` breaks a diffusion step down further.)
/// </summary>
internal static class LoopOverheadBenchmark
{
    public static void Run(IReadOnlyList<string> packages, IReadOnlyList<int> batches, int steps, AdaptiveRounds rounds, RuntimeOptions options)
    {
        var table = new Table().AddColumns("package", "batch", "what is timed", "loop (ms)", "raw forward (ms)", "loop / raw (median)", "± (95%)", "rounds");
        // The family picks the loop; each opens the package itself. Checked for every package before any is timed.
        var manifests = packages.Select(PackageReader.Read).ToList();
        foreach (var manifest in manifests.Where(m => m.Family is not (ModelFamily.Autoregressive or ModelFamily.VectorQuantized or ModelFamily.Flow or ModelFamily.Diffusion or ModelFamily.LatentDiffusion)))
            throw new UsageException($"{manifest.Name} is {PackageReader.WithArticle(manifest.Family)} package: bench loops takes autoregressive, VQ-VAE, flow and diffusion packages");
        foreach (var (package, manifest) in packages.Zip(manifests))
            foreach (var batch in batches)
            {
                var rows = manifest.Family switch
                {
                    ModelFamily.Autoregressive or ModelFamily.VectorQuantized => [Autoregressive(package, batch, steps, rounds, options)],
                    ModelFamily.Flow => [Flow(package, batch, rounds, options)],
                    _ => Diffusion(package, batch, steps, rounds, options),
                };
                foreach (var (what, ratios, loop, raw) in rows)
                    table.AddRow(manifest.Name, $"{batch}", what, $"{Median.Of(loop) * 1e3:F3}", $"{Median.Of(raw) * 1e3:F3}",
                        $"[bold]{Median.Of(ratios):F3}[/]", Median.SpreadText(ratios), $"{ratios.Count}");
            }
        var pool = OnnxSession.SharedPool == (options.IntraOpThreads, options.SpinThreads) ? "one shared thread pool" : "a thread pool per network";
        AnsiConsole.MarkupLineInterpolated($"bench loops: {rounds}, {options.IntraOpThreads} threads ({options.StepNetworkThreads} for step networks), spinning {(options.SpinThreads ? "on" : "off")}, {pool}, CPU");
        AnsiConsole.Write(table);
    }

    private static LoopRow Autoregressive(string package, int batch, int steps, AdaptiveRounds rounds, RuntimeOptions options)
    {
        // A VQ-VAE samples its codes with the same loop, over its prior's grid.
        using var model = ModelPackage.Open(package, options);
        var (spec, sampler) = model switch
        {
            VectorQuantizedModel codes => (codes.PriorSpec, (IStepwiseSampler)codes.CreateSampler(batch)),
            AutoregressiveModel values => (values.Spec, values.CreateSampler(batch)),
            _ => throw new UnreachableException("Autoregressive takes autoregressive and VQ-VAE packages"),
        };
        using var _ = sampler;
        var networks = model.Manifest.Networks;
        var role = networks.ContainsKey(AutoregressiveManifestRules.Step) ? AutoregressiveManifestRules.Step : AutoregressiveManifestRules.Logits;
        var networkOptions = role == AutoregressiveManifestRules.Step ? AutoregressiveModel.StepOptions(options) : options;
        using var raw = new RawNetwork(package, networks[role], batch, networkOptions);
        // A PixelCNN's row form runs its rows network once per image row, on each pixel of the row for each item.
        var width = (int)spec.GridShape[2];
        using var rows = networks.TryGetValue(RowPixelCnnContract.Rows, out var rowsNetwork)
            ? new RawNetwork(package, rowsNetwork, width * batch, networkOptions) : null;
        var labels = model.Manifest.Classes is { } classes ? Enumerable.Range(0, batch).Select(i => i % classes.Count).ToArray() : [];
        var what = rows is null ? $"a position vs the {role} network" : $"a position vs the step network and 1/{width} of the rows network";
        // The row form's window is whole image rows after the first, so that it holds its rows network's runs.
        var imageRows = rows is null ? 0 : Math.Clamp(steps / width, 1, (int)spec.GridShape[1] - 1);
        return TimeRounds(what, rounds, round =>
        {
            sampler.Reset(round + 1, labels);
            for (var i = 0; i < (rows is null ? 2 : width); i++) sampler.Step();
            var timed = rows is null ? Math.Min(steps, sampler.TotalSteps - 2) : imageRows * width;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < timed; i++) sampler.Step();
            var loop = Stopwatch.GetElapsedTime(start).TotalSeconds / timed;
            return (loop, raw.Time(timed) + (rows?.Time(Math.Max(4, imageRows)) / width ?? 0));
        });
    }

    /// <summary>A DDPM step (of 1,000) and a DDIM step (of 50): the whole reverse step against one pass of the denoiser at the rows it sees.</summary>
    private static List<LoopRow> Diffusion(string package, int batch, int steps, AdaptiveRounds rounds, RuntimeOptions options)
    {
        using var model = ModelPackage.OpenDiffusion(package, options);
        var rows = SamplerBenchmark.NetworkRows(model, batch);       // 2N under classifier-free guidance
        using var raw = new RawNetwork(package, model.Manifest.Networks[DiffusionManifestRules.Denoiser], rows, options);
        return new[] { (Kind: DiffusionSamplerKind.Ddpm, Steps: model.Spec.Timesteps), (Kind: DiffusionSamplerKind.Ddim, Steps: 50) }.Select(sampler =>
            TimeRounds($"a {sampler.Kind.ToString().ToUpperInvariant()}-{sampler.Steps} step vs the denoiser ({rows} rows)", rounds, _ =>
            {
                var timing = SamplerBenchmark.Measure(model, batch, sampler.Kind, sampler.Steps, steps, warmup: 2);
                return (timing.SecondsPerStep, raw.Time(timing.TimedSteps));
            })).ToList();
    }

    private static LoopRow Flow(string package, int batch, AdaptiveRounds rounds, RuntimeOptions options)
    {
        using var model = ModelPackage.OpenFlow(package, options);
        // In the order a Sample runs them (generation inverts the steps from the last).
        var couplings = model.Spec.Steps.Where(s => s.Network is not null).Reverse().Select(s => new RawNetwork(package, model.Manifest.Networks[s.Network!], batch, options)).ToList();
        try
        {
            var sampling = new FlowSamplingOptions { BatchSize = batch };
            var images = new float[batch * model.Spec.Dimensions];        // one buffer, as an app sampling every frame keeps
            model.Sample(images, 0, sampling);
            var reps = Math.Max(1, 64 / batch);
            return TimeRounds($"a Sample vs its {couplings.Count} coupling networks", rounds, round =>
            {
                var start = Stopwatch.GetTimestamp();
                for (var i = 0; i < reps; i++) model.Sample(images, round + 1, sampling);
                return (Stopwatch.GetElapsedTime(start).TotalSeconds / reps, RawNetwork.TimeInTurn(couplings, reps));
            });
        }
        finally
        {
            foreach (var coupling in couplings) coupling.Dispose();
        }
    }

    /// <summary>
    /// Rounds of <paramref name="time"/> (round → seconds of the loop, then of the raw networks) until the median of their
    /// ratios is known within the target: the row's ratios, loop times and raw times.
    /// </summary>
    private static LoopRow TimeRounds(string what, AdaptiveRounds rounds, Func<int, (double Loop, double Raw)> time)
    {
        var (ratios, loops, raws) = (new List<double>(), new List<double>(), new List<double>());
        for (var round = 0; rounds.Continue(round, Median.RelativeSpread(ratios)); round++)
        {
            var (loop, raw) = time(round);
            loops.Add(loop);
            raws.Add(raw);
            ratios.Add(loop / raw);
        }
        return (what, ratios, loops, raws);
    }
}
