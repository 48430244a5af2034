using System.Globalization;
using System.Text.Json;
using Pipeline.Models.Diffusion;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Sessions;
using Pipeline.Tools.Export;
using Spectre.Console;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// `bench ddpm`: the raw ONNX Runtime forward pass of a DDPM denoiser against the runtime's whole reverse loop
/// (DDPM-1000 and DDIM-50, extrapolated from timed steps), the loop's managed allocations per step, and the same
/// U-Net and loop in PyTorch eager (ddpm_reference.py) when python3-torch is installed.
/// </summary>
internal static class DdpmBenchmark
{
    private const int DdpmSteps = 1000;
    private const int DdimSteps = 50;

    public static void Run(DdpmBenchSettings settings)
    {
        string? temporary = null;
        try
        {
            var directory = settings.Package ?? (temporary = ExportFixedUNet(settings.Channels));
            using var model = ModelPackage.OpenDiffusion(directory,
                new RuntimeOptions { IntraOpThreads = settings.Threads, Provider = settings.Provider, AllowCpuFallback = settings.AllowCpuFallback });
            var source = settings.Package is null ? $"fixed U-Net, {settings.Channels} base channels, random weights (seed 0), exported to a temp folder" : $"package {settings.Package}";
            AnsiConsole.MarkupLineInterpolated($"bench ddpm: {source}; T = {model.Schedule.TrainTimesteps}; the denoiser runs on {model.Provider}");
            if (model.Provider != settings.Provider) AnsiConsole.MarkupLineInterpolated($"[yellow]{settings.Provider} could not load, so everything below ran on the CPU[/]");
            AnsiConsole.MarkupLineInterpolated($"threads: {settings.Threads} (ONNX Runtime intra-op; PyTorch set_num_threads); every figure: median of {settings.Rounds.Minimum} interleaved rounds or more (up to {settings.Rounds.Maximum}, until the efficiency medians are known within ±{settings.Rounds.TargetSpread * 100:F1} %) of {settings.Steps} timed runs at batch {settings.Batches.Max()} (more at smaller batches, up to 8x; {settings.Warmup} warm-up runs first)");
            AnsiConsole.MarkupLineInterpolated($"DDPM-{DdpmSteps} and DDIM-{DdimSteps} images/s are extrapolated: batch / (steps × measured time per loop step); decoding and Reset are not timed");
            // The reference is PyTorch on the CPU: beside a GPU provider it would compare two machines.
            var reference = settings.WithReference && model.Provider == ExecutionProvider.Cpu ? RunReference(settings, model) : (JsonElement?)null;
            foreach (var batch in settings.Batches) Report(settings, model, batch, reference);
            var allocations = SamplerBenchmark.Measure(model, settings.Batches.Min(), DiffusionSamplerKind.Ddpm, DdpmSteps, settings.AllocationSteps, settings.Warmup);
            AnsiConsole.MarkupLineInterpolated($"GC: DiffusionSampler.Step allocated {allocations.BytesPerStep:F1} bytes/step over {allocations.TimedSteps} DDPM steps at batch {settings.Batches.Min()}");
            if (reference is { } json)
                AnsiConsole.MarkupLineInterpolated($"PyTorch {json.GetProperty("torch").GetString()} eager, {json.GetProperty("threads").GetInt32()} threads");
            else
                AnsiConsole.MarkupLine("PyTorch reference skipped (--no-reference, /usr/bin/python3 has no torch, or the denoiser ran on a GPU: the reference runs on the CPU).");
        }
        finally
        {
            if (temporary is not null) Directory.Delete(Path.GetDirectoryName(temporary)!, recursive: true);
        }
    }

    /// <summary>Exports a random-weight U-Net of <paramref name="channels"/> base channels (speed does not depend on weights).</summary>
    private static string ExportFixedUNet(int channels)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"pipeline-bench-ddpm-{Guid.NewGuid():N}");
        TorchSharp.torch.random.manual_seed(0);
        using var model = new DdpmModel(new DdpmConfig { UNet = UNetConfig.WithBaseChannels(channels) });
        return PackageExporter.Export(model, DdpmModel.Kind, Path.Combine(folder, "ddpm")).Directory;
    }


    private static void Report(DdpmBenchSettings settings, DiffusionModel model, int batch, JsonElement? reference)
    {
        var rows = SamplerBenchmark.NetworkRows(model, batch);
        var (forwards, ddpms, ddims) = (new List<double>(), new List<LoopTiming>(), new List<LoopTiming>());
        var steps = settings.TimedSteps(batch);
        using (var raw = new ForwardBenchmark(model, rows))
        {
            // Interleaved rounds, medians: single rounds vary a lot on a shared machine. Odd rounds time the raw
            // forward pass last instead of first, so a drift within a round does not favour either side.
            double Spread() => Math.Max(Median.RelativeSpread(Ratios(ddpms, forwards)), Median.RelativeSpread(Ratios(ddims, forwards)));
            for (var round = 0; settings.Rounds.Continue(round, Spread()); round++)
            {
                var warmup = round == 0 ? settings.Warmup : 1;
                if (round % 2 == 0) forwards.Add(raw.SecondsPerRun(steps, warmup));
                ddpms.Add(SamplerBenchmark.Measure(model, batch, DiffusionSamplerKind.Ddpm, DdpmSteps, steps, warmup));
                ddims.Add(SamplerBenchmark.Measure(model, batch, DiffusionSamplerKind.Ddim, DdimSteps, steps, warmup));
                if (round % 2 == 1) forwards.Add(raw.SecondsPerRun(steps, warmup));
            }
        }
        var forward = Median.Of(forwards);
        // Efficiency: the median of each round's ratio, a loop and the forward pass timed side by side, ± the half-width
        // of its 95% confidence interval.
        string Efficiency(List<LoopTiming> loop)
        {
            var ratios = Ratios(loop, forwards);
            return $"{Percent(Median.Of(ratios))} ± {Median.RelativeSpread(ratios) * 100:F1} %";
        }
        static LoopTiming Summarize(List<LoopTiming> rounds) =>
            new(rounds.Sum(t => t.TimedSteps), Median.Of(rounds.Select(t => t.SecondsPerStep)), rounds.Average(t => t.BytesPerStep));
        var (ddpm, ddim) = (Summarize(ddpms), Summarize(ddims));
        AnsiConsole.MarkupLineInterpolated($"batch {batch} ({rows} rows per denoiser call):");
        AnsiConsole.MarkupLineInterpolated($"  raw forward (ONNX Runtime, bound OrtValues): {Ms(forward)} ms = {batch / forward:F1} images/s ({steps} runs x {forwards.Count} rounds)");
        AnsiConsole.MarkupLineInterpolated($"  DDPM loop: {Ms(ddpm.SecondsPerStep)} ms/step ({ddpm.TimedSteps} steps timed in all) -> DDPM-{DdpmSteps}: {batch / (DdpmSteps * ddpm.SecondsPerStep):F3} images/s");
        AnsiConsole.MarkupLineInterpolated($"  DDIM loop: {Ms(ddim.SecondsPerStep)} ms/step ({ddim.TimedSteps} steps timed in all) -> DDIM-{DdimSteps}: {batch / (DdimSteps * ddim.SecondsPerStep):F2} images/s");
        AnsiConsole.MarkupLineInterpolated($"  loop efficiency (loop step / raw forward, median of the rounds' ratios ± 95% interval): DDPM {Efficiency(ddpms)}, DDIM {Efficiency(ddims)}");
        AnsiConsole.MarkupLineInterpolated($"  GC: {ddpm.BytesPerStep:F1} bytes/step (DDPM), {ddim.BytesPerStep:F1} bytes/step (DDIM)");
        var parts = LoopBreakdown.Measure(model, batch, DiffusionSamplerKind.Ddpm, Math.Max(steps, 50));
        AnsiConsole.MarkupLineInterpolated($"  besides the network, per DDPM step: drawing z {Us(parts.Noise)} µs, scheduler update {Us(parts.Scheduler)} µs, writing x_t and t into the bound inputs {Us(parts.Inputs)} µs ({(parts.Noise + parts.Scheduler + parts.Inputs) / forward * 100:F1} % of the raw forward)");
        if (reference is not { } json || !json.GetProperty("batches").TryGetProperty(batch.ToString(CultureInfo.InvariantCulture), out var torch)) return;
        var (torchForward, torchDdpm, torchDdim) = (torch.GetProperty("forward_s").GetDouble(), torch.GetProperty("ddpm_step_s").GetDouble(), torch.GetProperty("ddim_step_s").GetDouble());
        AnsiConsole.MarkupLineInterpolated($"  PyTorch eager: forward {Ms(torchForward)} ms, DDPM step {Ms(torchDdpm)} ms, DDIM step {Ms(torchDdim)} ms");
        AnsiConsole.MarkupLineInterpolated($"  ONNX Runtime vs PyTorch (PyTorch time / ours): forward {torchForward / forward:F2}x, DDPM loop {torchDdpm / ddpm.SecondsPerStep:F2}x, DDIM loop {torchDdim / ddim.SecondsPerStep:F2}x");
    }

    private static JsonElement RunReference(DdpmBenchSettings settings, DiffusionModel model)
    {
        // A package's U-Net width is not in its manifest: the reference builds --channels (pass the package's).
        var config = UNetConfig.WithBaseChannels(settings.Channels);
        return PyTorchReference.RunScript("ddpm_reference.py", config.BaseChannels, config.Groups, settings.Warmup, settings.Threads,
            settings.Rounds.Minimum, model.Schedule.TrainTimesteps, string.Join(',', settings.Batches.Select(b => $"{b}:{settings.TimedSteps(b)}")));
    }

    /// <summary>Each round's loop step over the same round's forward pass.</summary>
    private static List<double> Ratios(List<LoopTiming> loop, List<double> forwards) => loop.Zip(forwards, (l, f) => l.SecondsPerStep / f).ToList();

    private static string Us(double seconds) => (seconds * 1e6).ToString("F1", CultureInfo.InvariantCulture);

    private static string Ms(double seconds) => (seconds * 1000).ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>1.03 → "+3.0 %" (the loop's overhead over the raw forward pass).</summary>
    private static string Percent(double ratio) => $"{ratio:F3} ({(ratio - 1) * 100:+0.0;-0.0} %)";
}
