using System.CommandLine;
using Pipeline.Tensors;
using Pipeline.Tools.Benchmarks;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`bench …`: throughput figures, printed (never asserted by tests).</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure speed and memory; prints figures.");
        bench.Add(CreateTrain());
        bench.Add(CreateDdpm());
        bench.Add(CreateSession());
        return bench;
    }

    private static Command CreateDdpm()
    {
        var defaults = new DdpmBenchSettings();
        var channels = new Option<int>("--channels") { Description = "base channels of the fixed random-weight U-Net", DefaultValueFactory = _ => defaults.Channels };
        var model = new Option<string?>("--model") { Description = "bench a shipped diffusion package instead (e.g. exported/ddpm; give its --channels for the PyTorch reference)" };
        var batch = new Option<int[]>("--batch") { Description = "batch sizes (repeat the option)", DefaultValueFactory = _ => defaults.Batches.ToArray(), AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--steps") { Description = "timed forward passes and timed loop steps per figure and round", DefaultValueFactory = _ => defaults.Steps };
        var rounds = new Option<int>("--rounds") { Description = "interleaved rounds at least (medians are printed)", DefaultValueFactory = _ => defaults.Rounds };
        var maxRounds = new Option<int>("--max-rounds") { Description = "more rounds, up to this many, until the loop-efficiency medians are known within --spread", DefaultValueFactory = _ => 60 };
        var spread = new Option<double>("--spread") { Description = "half-width of the 95% interval of each efficiency median to reach, in percent", DefaultValueFactory = _ => defaults.TargetSpread * 100 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (and PyTorch's)", DefaultValueFactory = _ => defaults.Threads };
        var noReference = new Option<bool>("--no-reference") { Description = "skip the PyTorch reference" };
        var command = new Command("ddpm", "DDPM sampling speed: raw ONNX Runtime forward vs the runtime's DDPM/DDIM loop, allocations per step, PyTorch eager reference.")
        {
            channels, model, batch, steps, rounds, maxRounds, spread, threads, noReference,
        };
        command.SetAction(result =>
        {
            var package = result.GetValue(model);
            if (package is not null && !Directory.Exists(package)) throw new UsageException($"no exported package at {package}");
            var batches = result.GetValue(batch) ?? Array.Empty<int>();
            if (batches.Length == 0) throw new UsageException("give at least one --batch");
            foreach (var b in batches) Positive(b, "--batch");
            DdpmBenchmark.Run(new DdpmBenchSettings
            {
                Channels = Positive(result.GetValue(channels), "--channels"),
                Package = package,
                Batches = batches.Distinct().ToArray(),
                Steps = Positive(result.GetValue(steps), "--steps"),
                Rounds = Positive(result.GetValue(rounds), "--rounds"),
                MaxRounds = Math.Max(result.GetValue(rounds), Positive(result.GetValue(maxRounds), "--max-rounds")),
                TargetSpread = result.GetValue(spread) is > 0 and var percent ? percent / 100
                    : throw new UsageException($"--spread must be a positive percentage (e.g. 2), not {result.GetValue(spread)}"),
                Threads = Positive(result.GetValue(threads), "--threads"),
                WithReference = !result.GetValue(noReference) && PyTorchReference.IsAvailable(),
            });
            return 0;
        });
        return command;
    }

    private static Command CreateSession()
    {
        var model = new Option<string>("--model") { Description = "a diffusion package, e.g. exported/ddpm", Required = true };
        var batch = new Option<int[]>("--batch") { Description = "batch sizes (repeat the option)", DefaultValueFactory = _ => [1, 64], AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--steps") { Description = "timed DDPM steps per setting and round", DefaultValueFactory = _ => 20 };
        var rounds = new Option<int>("--rounds") { Description = "interleaved rounds (medians are printed)", DefaultValueFactory = _ => 9 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("session", "ONNX Runtime session settings (RuntimeOptions) against the defaults, on a diffusion package's DDPM step.")
        {
            model, batch, steps, rounds, threads,
        };
        command.SetAction(result =>
        {
            var package = result.GetValue(model)!;
            if (!Directory.Exists(package)) throw new UsageException($"no exported package at {package}");
            var batches = result.GetValue(batch) ?? [];
            if (batches.Length == 0) throw new UsageException("give at least one --batch");
            foreach (var b in batches) Positive(b, "--batch");
            SessionBenchmark.Run(package, batches.Distinct().ToArray(), Positive(result.GetValue(steps), "--steps"),
                                 Positive(result.GetValue(rounds), "--rounds"), Positive(result.GetValue(threads), "--threads"));
            return 0;
        });
        return command;
    }

    private static Command CreateTrain()
    {
        var batch = new Option<int>("--batch-size") { Description = "images per step", DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "timed steps per round", DefaultValueFactory = _ => 50 };
        var rounds = new Option<int>("--rounds") { Description = "interleaved rounds of each side", DefaultValueFactory = _ => 5 };
        var noReference = new Option<bool>("--no-reference") { Description = "skip the PyTorch reference" };
        var command = new Command("train", "Training steps per second of a fixed conv model, side by side with PyTorch (python3-torch).")
        {
            batch, steps, rounds, noReference,
        };
        command.SetAction(result =>
        {
            var b = Positive(result.GetValue(batch), "--batch-size");
            var s = Positive(result.GetValue(steps), "--steps");
            var r = Positive(result.GetValue(rounds), "--rounds");
            var withReference = !result.GetValue(noReference) && PyTorchReference.IsAvailable();
            RunTrain(b, s, r, withReference);
            return 0;
        });
        return command;
    }

    private static void RunTrain(int batch, int steps, int rounds, bool withReference)
    {
        var threads = Torch.NumThreads;
        AnsiConsole.MarkupLine($"bench train: conv 1→32→64, pool, 3136→128→10, Adam, batch {batch}, {steps} steps × {rounds} rounds, {threads} threads");
        var ours = new List<double>();
        var theirs = new List<double>();
        using var benchmark = new TrainStepBenchmark(batch);
        for (var round = 0; round < rounds; round++)
        {
            ours.Add(benchmark.Measure(steps, warmup: round == 0 ? 10 : 2));
            if (withReference)
                theirs.Add(PyTorchReference.RunScript("train_step_reference.py", batch, steps, 10, threads).GetProperty("steps_per_second").GetDouble());
        }
        var table = new Table().AddColumns("implementation", "steps/s (median)", "all rounds");
        table.AddRow("Pipeline (C# over libtorch)", $"{Median.Of(ours):F2}", string.Join(", ", ours.Select(v => v.ToString("F2"))));
        if (withReference)
        {
            table.AddRow("PyTorch eager (python3-torch)", $"{Median.Of(theirs):F2}", string.Join(", ", theirs.Select(v => v.ToString("F2"))));
        }
        AnsiConsole.Write(table);
        if (withReference)
            AnsiConsole.MarkupLine($"time per step, Pipeline / PyTorch: [bold]{Median.Of(theirs) / Median.Of(ours):F3}×[/]");
        else
            AnsiConsole.MarkupLine("[yellow]PyTorch reference skipped: /usr/bin/python3 with torch is not installed (make setup installs python3-torch).[/]");
    }

    internal static int Positive(int value, string option) =>
        value > 0 ? value : throw new UsageException($"{option} must be a positive number, got {value}");
}
