using System.Globalization;
using System.Text.Json;
using Pipeline.Models.Diffusion;
using Pipeline.Runtime.Diffusion;
using Pipeline.Runtime.Models;
using Pipeline.Runtime.Packages;
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
            // The reference runs where the denoiser runs: PyTorch on the CPU, or on CUDA beside a GPU provider.
            var (reference, skipped) = settings.WithReference ? RunReference(settings, model) : (null, "--no-reference, or the PyTorch interpreter has no torch");
            foreach (var batch in settings.Batches) Report(settings, model, batch, reference);
            var allocations = SamplerBenchmark.Measure(model, settings.Batches.Min(), DiffusionSamplerKind.Ddpm, DdpmSteps, settings.AllocationSteps, settings.Warmup);
            AnsiConsole.MarkupLineInterpolated($"GC: DiffusionSampler.Step allocated {allocations.BytesPerStep:F1} bytes/step over {allocations.TimedSteps} DDPM steps at batch {settings.Batches.Min()}");
            if (reference is { } json)
                AnsiConsole.MarkupLineInterpolated($"PyTorch {json.GetProperty("torch").GetString()} eager on {json.GetProperty("device").GetString()}, {json.GetProperty("threads").GetInt32()} CPU threads");
            else
                AnsiConsole.MarkupLineInterpolated($"PyTorch reference skipped: {skipped}.");
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


    /// <summary>
    /// The loops timed at each batch: DDPM-1000 and DDIM-50, each with x_t on the host and on the device, and on CUDA with
    /// the denoiser replayed as a CUDA graph too.
    /// </summary>
    private static (DiffusionSamplerKind Kind, int Steps, DiffusionStatePlacement Placement, string Name)[] Loops(DiffusionModel model) =>
    [
        (DiffusionSamplerKind.Ddpm, DdpmSteps, DiffusionStatePlacement.Host, "DDPM"),
        (DiffusionSamplerKind.Ddim, DdimSteps, DiffusionStatePlacement.Host, "DDIM"),
        (DiffusionSamplerKind.Ddpm, DdpmSteps, DiffusionStatePlacement.Device, "DDPM"),
        (DiffusionSamplerKind.Ddim, DdimSteps, DiffusionStatePlacement.Device, "DDIM"),
        .. model.Provider == ExecutionProvider.Cuda
            ? new[] { (DiffusionSamplerKind.Ddpm, DdpmSteps, DiffusionStatePlacement.CudaGraph, "DDPM"), (DiffusionSamplerKind.Ddim, DdimSteps, DiffusionStatePlacement.CudaGraph, "DDIM") }
            : [],
    ];

    /// <summary>
    /// The sampler of a timed loop; a CUDA-graph one runs its first steps (the captures) here, and when ONNX Runtime cannot
    /// capture the denoiser the bench says why and times the other loops: null then.
    /// </summary>
    private static DiffusionSampler? Open(DiffusionModel model, int batch, DiffusionSamplerKind kind, int steps, DiffusionStatePlacement placement)
    {
        if (placement != DiffusionStatePlacement.CudaGraph) return SamplerBenchmark.Create(model, batch, kind, steps, placement);
        DiffusionSampler? sampler = null;
        try
        {
            sampler = SamplerBenchmark.Create(model, batch, kind, steps, placement);
            SamplerBenchmark.Measure(sampler, model.IsConditional, timed: 1, warmup: 0);
            return sampler;
        }
        catch (Exception error) when (error is NotSupportedException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            sampler?.Dispose();
            AnsiConsole.MarkupLineInterpolated($"[yellow]{kind} as a CUDA graph at batch {batch} not timed: {error.Message}[/]");
            return null;
        }
    }

    private static string Where(DiffusionStatePlacement placement) => placement switch
    {
        DiffusionStatePlacement.Host => "x_t on the host, C# step",
        DiffusionStatePlacement.Device => "x_t on the device, step graph",
        DiffusionStatePlacement.CudaGraph => "x_t on the device, step graph, denoiser as a CUDA graph",
        _ => placement.ToString(),
    };

    private static void Report(DdpmBenchSettings settings, DiffusionModel model, int batch, JsonElement? reference)
    {
        var rows = SamplerBenchmark.NetworkRows(model, batch);
        var forwards = new List<double>();
        var timed = new List<(DiffusionSamplerKind Kind, int Steps, DiffusionStatePlacement Placement, string Name)>();
        var steps = settings.TimedSteps(batch);
        // One sampler per loop for every round: a CUDA-graph sampler opens its own denoiser and captures it once.
        var samplers = new List<DiffusionSampler>();
        List<LoopTiming>[] loops = [];
        using (var raw = new ForwardBenchmark(model, rows))
        try
        {
            foreach (var loop in Loops(model))
            {
                if (Open(model, batch, loop.Kind, loop.Steps, loop.Placement) is not { } sampler) continue;
                timed.Add(loop);
                samplers.Add(sampler);
            }
            loops = timed.Select(_ => new List<LoopTiming>()).ToArray();
            // Interleaved rounds, medians: single rounds vary a lot on a shared machine. Odd rounds time the raw
            // forward pass last instead of first, so a drift within a round does not favour either side.
            double Spread() => loops.Max(loop => Median.RelativeSpread(Ratios(loop, forwards)));
            for (var round = 0; settings.Rounds.Continue(round, Spread()); round++)
            {
                var warmup = round == 0 ? settings.Warmup : 1;
                if (round % 2 == 0) forwards.Add(raw.SecondsPerRun(steps, warmup));
                for (var i = 0; i < timed.Count; i++)
                    loops[i].Add(SamplerBenchmark.Measure(samplers[i], model.IsConditional, steps, warmup));
                if (round % 2 == 1) forwards.Add(raw.SecondsPerRun(steps, warmup));
            }
        }
        finally
        {
            foreach (var sampler in samplers) sampler.Dispose();
        }
        var forward = Median.Of(forwards);
        // Efficiency: the median of each round's ratio, a loop and the forward pass timed side by side, ± the half-width
        // of its 95% confidence interval.
        string Efficiency(List<LoopTiming> loop)
        {
            var ratios = Ratios(loop, forwards);
            return $"{Percent(Median.Of(ratios))} ± {Median.SpreadText(ratios)}";
        }
        static LoopTiming Summarize(List<LoopTiming> rounds) =>
            new(rounds.Sum(t => t.TimedSteps), Median.Of(rounds.Select(t => t.SecondsPerStep)), rounds.Average(t => t.BytesPerStep));
        var timings = loops.Select(Summarize).ToArray();
        AnsiConsole.MarkupLineInterpolated($"batch {batch} ({rows} rows per denoiser call):");
        AnsiConsole.MarkupLineInterpolated($"  raw forward (ONNX Runtime, bound OrtValues): {Ms(forward)} ms, one step of {batch} items ({steps} runs x {forwards.Count} rounds)");
        for (var i = 0; i < timed.Count; i++)
        {
            var (loop, timing) = (timed[i], timings[i]);
            var where = Where(loop.Placement);
            var rate = batch / (loop.Steps * timing.SecondsPerStep);
            AnsiConsole.MarkupLineInterpolated($"  {loop.Name} loop ({where}): {Ms(timing.SecondsPerStep)} ms/step ({timing.TimedSteps} steps timed in all) -> {loop.Name}-{loop.Steps}: {rate.ToString(loop.Steps > 100 ? "F3" : "F2", CultureInfo.InvariantCulture)} images/s; loop / raw {Efficiency(loops[i])}; GC {timing.BytesPerStep:F1} bytes/step");
        }
        var parts = LoopBreakdown.Measure(model, batch, DiffusionSamplerKind.Ddpm, Math.Max(steps, 50));
        AnsiConsole.MarkupLineInterpolated($"  besides the network, per DDPM step on the host: drawing z {Us(parts.Noise)} µs, scheduler update {Us(parts.Scheduler)} µs, writing x_t and t into the bound inputs{(rows > batch ? " (both halves) and combining the guided ε̂" : "")} {Us(parts.Inputs)} µs ({(parts.Noise + parts.Scheduler + parts.Inputs) / forward * 100:F1} % of the raw forward)");
        if (reference is not { } json || !json.GetProperty("batches").TryGetProperty(batch.ToString(CultureInfo.InvariantCulture), out var torch)) return;
        var (torchForward, torchDdpm, torchDdim) = (torch.GetProperty("forward_s").GetDouble(), torch.GetProperty("ddpm_step_s").GetDouble(), torch.GetProperty("ddim_step_s").GetDouble());
        // Seconds per step of a timed loop, or NaN where it was not timed (CUDA graphs that could not be captured).
        double Step(DiffusionSamplerKind kind, DiffusionStatePlacement placement) =>
            timed.FindIndex(l => l.Kind == kind && l.Placement == placement) is var i and >= 0 ? timings[i].SecondsPerStep : double.NaN;
        var (ddpm, ddim) = (Step(DiffusionSamplerKind.Ddpm, DiffusionStatePlacement.Host), Step(DiffusionSamplerKind.Ddim, DiffusionStatePlacement.Host));
        var (deviceDdpm, deviceDdim) = (Step(DiffusionSamplerKind.Ddpm, DiffusionStatePlacement.Device), Step(DiffusionSamplerKind.Ddim, DiffusionStatePlacement.Device));
        var (graphDdpm, graphDdim) = (Step(DiffusionSamplerKind.Ddpm, DiffusionStatePlacement.CudaGraph), Step(DiffusionSamplerKind.Ddim, DiffusionStatePlacement.CudaGraph));
        AnsiConsole.MarkupLineInterpolated($"  PyTorch eager ({json.GetProperty("device").GetString()}, U-Net of {settings.Channels} base channels, {json.GetProperty("parameters").GetInt64():N0} parameters): forward {Ms(torchForward)} ms, DDPM step {Ms(torchDdpm)} ms, DDIM step {Ms(torchDdim)} ms -> DDPM-{DdpmSteps} {batch / (DdpmSteps * torchDdpm):F3} images/s, DDIM-{DdimSteps} {batch / (DdimSteps * torchDdim):F2} images/s");
        var graphs = double.IsNaN(graphDdpm) && double.IsNaN(graphDdim) ? "" : $"; as CUDA graphs DDPM {torchDdpm / graphDdpm:F2}x, DDIM {torchDdim / graphDdim:F2}x";
        AnsiConsole.MarkupLineInterpolated($"  ONNX Runtime vs PyTorch (PyTorch time / ours): forward {torchForward / forward:F2}x, DDPM loop {torchDdpm / ddpm:F2}x (device {torchDdpm / deviceDdpm:F2}x), DDIM loop {torchDdim / ddim:F2}x (device {torchDdim / deviceDdim:F2}x){graphs}");
    }

    private static (JsonElement? Reference, string? Skipped) RunReference(DdpmBenchSettings settings, DiffusionModel model)
    {
        // The reference builds the unconditional pixel U-Net of --channels (a package's width is not in its manifest: pass
        // the package's): a guided package runs 2N rows per step, a latent one another network altogether.
        if (model.IsConditional || model.Manifest.Family != ModelFamily.Diffusion || !model.Spec.SampleShape.SequenceEqual([1L, 28, 28]))
            return (null, $"the reference is the unconditional 1×28×28 U-Net, and {model.Manifest.Name} is {(model.IsConditional ? "class-conditional (2N rows per step under guidance)" : "another network")}");
        var config = UNetConfig.WithBaseChannels(settings.Channels);
        var device = model.Provider == ExecutionProvider.Cpu ? "cpu" : "cuda";
        try
        {
            return (PyTorchReference.RunScript("ddpm_reference.py", config.BaseChannels, config.Groups, settings.Warmup, settings.Threads,
                settings.Rounds.Minimum, model.Schedule.TrainTimesteps, string.Join(',', settings.Batches.Select(b => $"{b}:{settings.TimedSteps(b)}")), device), null);
        }
        catch (InvalidOperationException error) when (device == "cuda")
        {
            // A GPU machine's PyTorch may lack CUDA; the ONNX Runtime figures stand alone then.
            return (null, error.Message + " (set PIPELINE_PYTHON to a CUDA PyTorch's python3)");
        }
    }

    /// <summary>Each round's loop step over the same round's forward pass.</summary>
    private static List<double> Ratios(List<LoopTiming> loop, List<double> forwards) => loop.Zip(forwards, (l, f) => l.SecondsPerStep / f).ToList();

    private static string Us(double seconds) => (seconds * 1e6).ToString("F1", CultureInfo.InvariantCulture);

    private static string Ms(double seconds) => (seconds * 1000).ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>1.03 → "+3.0 %" (the loop's overhead over the raw forward pass).</summary>
    private static string Percent(double ratio) => $"{ratio:F3} ({Math.Round((ratio - 1) * 100, 1) + 0.0:+0.0;-0.0;0.0} %)";   // + 0.0: no "−0.0"
}
