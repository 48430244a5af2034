using System.CommandLine;
using Pipeline.Models.Diffusion;
using TorchSharp;
using static TorchSharp.torch;
using Pipeline.Runtime.Sessions;
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
        bench.Add(CreateAutoregressive());
        bench.Add(CreateWorkers());
        bench.Add(CreatePrecision());
        bench.Add(CreateLoops());
        bench.Add(CreateProviders());
        bench.Add(CreateDistributed());
        bench.Add(CreateDistributedWorker());
        return bench;
    }

    private static Command CreateDistributed()
    {
        var model = new Option<DistributedBenchModel>("--model") { Description = "ConvAutoencoder or Ddpm (the 16-channel U-Net)", DefaultValueFactory = _ => DistributedBenchModel.Ddpm };
        var processes = new Option<int[]>("--processes") { Description = "process counts to compare (repeat the option)", DefaultValueFactory = _ => [1, 2], AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--steps") { Description = $"timed steps per run, after {DistributedBenchmark.Warmup} untimed", DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch-size") { Description = "the global batch", DefaultValueFactory = _ => 64 };
        var rounds = new Option<int>("--rounds") { Description = "interleaved rounds of every process count (medians are printed)", DefaultValueFactory = _ => 3 };
        var command = new Command("distributed", "Data-parallel training (train --nproc) with 1 and N processes: steps/s, images/s, the all-reduce time per step and the bytes reduced.")
        {
            model, processes, steps, batch, rounds,
        };
        command.SetAction(result =>
        {
            var counts = result.GetValue(processes) ?? [];
            if (counts.Length == 0 || counts.Any(n => n < 1)) throw new UsageException("--processes needs process counts of 1 or more (e.g. --processes 1 2)");
            if (counts.Distinct().Count() != counts.Length) throw new UsageException($"--processes {string.Join(' ', counts)} names a count twice: give each once (e.g. --processes 1 2)");
            var global = Positive(result.GetValue(batch), "--batch-size");
            if (global < counts.Max()) throw new UsageException($"--batch-size {global} cannot be shared by {counts.Max()} processes: give each at least one image");
            DistributedBenchmark.Run(result.GetValue(model), counts, Positive(result.GetValue(steps), "--steps"), global, Positive(result.GetValue(rounds), "--rounds"));
            return 0;
        });
        return command;
    }

    /// <summary>One run of `bench distributed`, started by it through mpirun.</summary>
    private static Command CreateDistributedWorker()
    {
        var model = new Option<DistributedBenchModel>("--model") { DefaultValueFactory = _ => DistributedBenchModel.Ddpm };
        var steps = new Option<int>("--steps") { DefaultValueFactory = _ => 20 };
        var batch = new Option<int>("--batch-size") { DefaultValueFactory = _ => 64 };
        var command = new Command("distributed-worker", "One run of bench distributed (it starts them).") { model, steps, batch };
        command.Hidden = true;
        command.SetAction(result =>
        {
            DistributedBenchmark.Work(result.GetValue(model), Positive(result.GetValue(steps), "--steps"), Positive(result.GetValue(batch), "--batch-size"));
            return 0;
        });
        return command;
    }

    private static Command CreateLoops()
    {
        var models = new Option<string[]>("--model") { Description = "autoregressive, VQ-VAE, flow and diffusion packages (repeat the option)", AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["exported/nade", "exported/made", "exported/pixelcnn-conditional", "exported/pixelcnn-256", "exported/vqvae", "exported/realnvp", "exported/ddpm"] };
        var batch = new Option<int[]>("--batch") { Description = "batch sizes (repeat the option)", DefaultValueFactory = _ => [1, 64], AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--steps") { Description = "timed positions (autoregressive; whole image rows after the first for a PixelCNN in row form) or reverse steps (diffusion) per round", DefaultValueFactory = _ => 64 };
        var (rounds, maxRounds, spread) = RoundOptions(new AdaptiveRounds(15, 60, 0.02));
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var noSpin = new Option<bool>("--no-spin") { Description = "RuntimeOptions.SpinThreads = false: intra-op threads sleep after each run" };
        var ownPools = new Option<bool>("--own-pools") { Description = "RuntimeOptions.SharedThreadPool = false: a thread pool per network, as before the shared pool" };
        var stepThreads = new Option<int>("--step-threads") { Description = "RuntimeOptions.StepNetworkThreads: intra-op threads of autoregressive step networks", DefaultValueFactory = _ => new RuntimeOptions().StepNetworkThreads };
        var command = new Command("loops", "The autoregressive, VQ-VAE, flow and diffusion sampling loops against the raw forward passes of the networks they run (loop / raw).")
        {
            models, batch, steps, rounds, maxRounds, spread, threads, noSpin, ownPools, stepThreads,
        };
        command.SetAction(result =>
        {
            var batches = result.GetValue(batch)!;
            foreach (var b in batches) Positive(b, "--batch");
            foreach (var package in result.GetValue(models)!) ExistingPackage(package);
            var options = new RuntimeOptions { IntraOpThreads = Positive(result.GetValue(threads), "--threads"), SpinThreads = !result.GetValue(noSpin),
                                           SharedThreadPool = !result.GetValue(ownPools), StepNetworkThreads = Positive(result.GetValue(stepThreads), "--step-threads") };
            LoopOverheadBenchmark.Run(result.GetValue(models)!, batches, Positive(result.GetValue(steps), "--steps"),
                Rounds(result, rounds, maxRounds, spread), options);
            return 0;
        });
        return command;
    }

    private static Command CreateProviders()
    {
        var models = new Option<string[]>("--model") { Description = "packages (repeat the option); every package in exported/ by default", AllowMultipleArgumentsPerToken = true };
        var provider = new Option<ExecutionProvider>("--provider") { Description = "cuda, tensorrt (or cpu, against itself)", DefaultValueFactory = _ => ExecutionProvider.Cuda };
        var fallback = new Option<bool>("--allow-cpu-fallback") { Description = "compare on the CPU when the provider cannot load, instead of stopping" };
        var tolerance = new Option<double>("--tolerance") { Description = "the largest absolute difference of any output value accepted", DefaultValueFactory = _ => 1e-3 };
        var images = new Option<int>("--images") { Description = "images sampled on the CPU per package to collect each network's inputs", DefaultValueFactory = _ => 8 };
        var command = new Command("providers", "Every network of the packages on an execution provider against the CPU, on the inputs sampling gives it: max and mean |Δ| against a tolerance; exits 1 when one exceeds it.")
        {
            models, provider, fallback, tolerance, images,
        };
        command.SetAction(result =>
        {
            var packages = result.GetValue(models) is { Length: > 0 } given ? given : ExportedPackages.In("exported").ToArray();
            if (packages.Length == 0) throw new UsageException("no packages: give --model <package folder>, or run it where exported/ holds packages");
            foreach (var package in packages) ExistingPackage(package);
            var limit = result.GetValue(tolerance);
            if (!double.IsFinite(limit) || limit < 0) throw new UsageException($"--tolerance must be a finite number ≥ 0, got {limit}");
            var options = new RuntimeOptions { Provider = result.GetValue(provider), AllowCpuFallback = result.GetValue(fallback) };
            return ProviderBenchmark.Run(packages, options, limit, Positive(result.GetValue(images), "--images")) == 0 ? 0 : 1;
        });
        return command;
    }

    private static Command CreatePrecision()
    {
        var models = new Option<string[]>("--model") { Description = "packages of one model in several precisions, the fp32 one first (repeat the option)", AllowMultipleArgumentsPerToken = true, Required = true };
        var count = new Option<int>("--count") { Description = "images per sample", DefaultValueFactory = _ => 64 };
        var rounds = new Option<int>("--rounds") { Description = "interleaved rounds (medians are printed)", DefaultValueFactory = _ => 7 };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads", DefaultValueFactory = _ => Environment.ProcessorCount };
        var steps = new Option<int>("--steps") { Description = "diffusion packages: DDIM steps per sample", DefaultValueFactory = _ => 20 };
        var provider = new Option<ExecutionProvider>("--provider") { Description = "where the packages run: cpu, cuda (fp16's case) or tensorrt", DefaultValueFactory = _ => ExecutionProvider.Cpu };
        var command = new Command("precision", "Images/s and file size of packages of one model in different precisions (export --precision), side by side.")
        {
            models, count, rounds, threads, steps, provider,
        };
        command.SetAction(result =>
        {
            foreach (var package in result.GetValue(models)!) ExistingPackage(package);
            var options = new RuntimeOptions { IntraOpThreads = Positive(result.GetValue(threads), "--threads"), Provider = result.GetValue(provider) };
            PrecisionBenchmark.Run(result.GetValue(models)!, Positive(result.GetValue(count), "--count"), Positive(result.GetValue(rounds), "--rounds"),
                options, Pipeline.Runtime.Diffusion.DiffusionSamplingOptions.Ddim(Positive(result.GetValue(steps), "--steps")));
            return 0;
        });
        return command;
    }

    private static Command CreateWorkers()
    {
        var models = new Option<string[]>("--model") { Description = "autoregressive, VQ-VAE and diffusion packages (repeat the option)", AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["exported/nade", "exported/made", "exported/pixelcnn-conditional", "exported/vqvae", "exported/ddpm"] };
        var steps = new Option<int>("--steps") { Description = "diffusion packages: DDIM steps", DefaultValueFactory = _ => 20 };
        var count = new Option<int>("--count") { Description = "images per Sample", DefaultValueFactory = _ => 64 };
        var workers = new Option<int>("--workers") { Description = "workers (chunks sampled at once, one intra-op thread each)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var rounds = new Option<int>("--rounds") { Description = "interleaved rounds (medians are printed)", DefaultValueFactory = _ => 5 };
        var command = new Command("workers", "Images/s of an autoregressive, VQ-VAE or diffusion Sample on one worker with every core's intra-op threads against several workers with one thread each, side by side.")
        {
            models, count, workers, rounds, steps,
        };
        command.SetAction(result =>
        {
            foreach (var package in result.GetValue(models)!) ExistingPackage(package);
            WorkersBenchmark.Run(result.GetValue(models)!, Positive(result.GetValue(count), "--count"), Positive(result.GetValue(workers), "--workers"),
                Positive(result.GetValue(rounds), "--rounds"), Positive(result.GetValue(steps), "--steps"));
            return 0;
        });
        return command;
    }

    private static Command CreateAutoregressive()
    {
        var models = new Option<string[]>("--model") { Description = "autoregressive packages (repeat the option)", AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => ["exported/nade", "exported/made", "exported/pixelcnn-conditional"] };
        var batch = new Option<int[]>("--batch") { Description = "batch sizes (repeat the option)", DefaultValueFactory = _ => [1, 64], AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--steps") { Description = "timed positions per loop and round", DefaultValueFactory = _ => 16 };
        var rounds = new Option<int>("--rounds") { Description = "interleaved rounds (medians are printed)", DefaultValueFactory = _ => 5 };
        var command = new Command("autoregressive", "Images/s of the naive (whole network per pixel) and incremental (step network) decoding loops, side by side.")
        {
            models, batch, steps, rounds,
        };
        command.SetAction(result =>
        {
            var batches = result.GetValue(batch)!;
            foreach (var b in batches) Positive(b, "--batch");
            AutoregressiveBenchmark.Run(result.GetValue(models)!, batches, Positive(result.GetValue(steps), "--steps"), Positive(result.GetValue(rounds), "--rounds"));
            return 0;
        });
        return command;
    }

    private static Command CreateDdpm()
    {
        var defaults = new DdpmBenchSettings();
        var channels = new Option<int>("--channels") { Description = "base channels of the fixed random-weight U-Net", DefaultValueFactory = _ => defaults.Channels };
        var model = new Option<string?>("--model") { Description = "bench a shipped diffusion package instead (e.g. exported/ddpm; give its --channels for the PyTorch reference)" };
        var batch = new Option<int[]>("--batch") { Description = "batch sizes (repeat the option)", DefaultValueFactory = _ => defaults.Batches.ToArray(), AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int>("--steps") { Description = "timed forward passes and timed loop steps per figure and round", DefaultValueFactory = _ => defaults.Steps };
        var (rounds, maxRounds, spread) = RoundOptions(defaults.Rounds with { Maximum = 60 });
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime intra-op threads (and PyTorch's)", DefaultValueFactory = _ => defaults.Threads };
        var noReference = new Option<bool>("--no-reference") { Description = "skip the PyTorch reference" };
        var provider = new Option<ExecutionProvider>("--provider") { Description = "cpu, cuda or tensorrt (the PyTorch reference runs on the CPU, or on CUDA beside a GPU provider: PIPELINE_PYTHON names a CUDA PyTorch's python3)", DefaultValueFactory = _ => ExecutionProvider.Cpu };
        var fallback = new Option<bool>("--allow-cpu-fallback") { Description = "run on the CPU, saying so, when the provider cannot load" };
        var command = new Command("ddpm", "DDPM sampling speed: raw ONNX Runtime forward vs the runtime's DDPM/DDIM loops (x_t on the host and on the device), allocations per step, PyTorch eager reference.")
        {
            channels, model, batch, steps, rounds, maxRounds, spread, threads, noReference, provider, fallback,
        };
        command.SetAction(result =>
        {
            var package = result.GetValue(model);
            if (package is not null) ExistingPackage(package);
            var batches = result.GetValue(batch) ?? Array.Empty<int>();
            if (batches.Length == 0) throw new UsageException("give at least one --batch");
            foreach (var b in batches) Positive(b, "--batch");
            DdpmBenchmark.Run(new DdpmBenchSettings
            {
                Channels = Positive(result.GetValue(channels), "--channels"),
                Package = package,
                Batches = batches.Distinct().ToArray(),
                Steps = Positive(result.GetValue(steps), "--steps"),
                Rounds = Rounds(result, rounds, maxRounds, spread),
                Threads = Positive(result.GetValue(threads), "--threads"),
                WithReference = !result.GetValue(noReference) && PyTorchReference.IsAvailable(),
                Provider = result.GetValue(provider),
                AllowCpuFallback = result.GetValue(fallback),
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
            ExistingPackage(package);
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
        var steps = new Option<int>("--steps") { Description = "timed steps of the conv model per round", DefaultValueFactory = _ => 50 };
        var ddpmSteps = new Option<int>("--ddpm-steps") { Description = "timed U-Net steps per round", DefaultValueFactory = _ => 5 };
        var channels = new Option<int>("--channels") { Description = "base channels of the U-Net (the shipped DDPM has 16)", DefaultValueFactory = _ => 16 };
        var rounds = new Option<int>("--rounds") { Description = "interleaved rounds of each side", DefaultValueFactory = _ => 5 };
        var noReference = new Option<bool>("--no-reference") { Description = "skip the PyTorch reference" };
        var command = new Command("train", "TorchSharp training steps per second of the conv bench model and of a DDPM U-Net step, side by side with PyTorch (python3-torch).")
        {
            batch, steps, ddpmSteps, channels, rounds, noReference,
        };
        command.SetAction(result =>
        {
            var withReference = !result.GetValue(noReference) && PyTorchReference.IsAvailable();
            RunTrain(Positive(result.GetValue(batch), "--batch-size"), Positive(result.GetValue(steps), "--steps"),
                Positive(result.GetValue(ddpmSteps), "--ddpm-steps"), Positive(result.GetValue(channels), "--channels"),
                Positive(result.GetValue(rounds), "--rounds"), withReference);
            return 0;
        });
        return command;
    }

    private static void RunTrain(int batch, int steps, int ddpmSteps, int channels, int rounds, bool withReference)
    {
        var threads = torch.get_num_threads();
        var groups = UNetConfig.WithBaseChannels(channels).Groups;
        AnsiConsole.MarkupLine($"bench train: batch {batch}, Adam, {threads} threads, {rounds} interleaved rounds; conv 1→32→64, pool, 3136→128→10 ({steps} steps a round); " +
                               $"DDPM U-Net of {channels} base channels, Algorithm 1 ({ddpmSteps} steps a round)");
        var table = new Table().AddColumns("model", "implementation", "steps/s (median)", "all rounds");
        using (var conv = TrainStepBenchmark.Conv(batch))
            Compare(table, "conv", round => conv.Measure(steps, warmup: round == 0 ? 10 : 2),
                withReference ? () => PyTorchReference.RunScript("train_step_reference.py", "conv", batch, steps, 10, threads) : null, rounds);
        using (var ddpm = TrainStepBenchmark.Ddpm(batch, channels))
            Compare(table, $"DDPM U-Net ({channels} ch)", round => ddpm.Measure(ddpmSteps, warmup: round == 0 ? 3 : 1),
                withReference ? () => PyTorchReference.RunScript("train_step_reference.py", "ddpm", batch, ddpmSteps, 3, threads, channels, groups) : null, rounds);
        AnsiConsole.Write(table);
        if (!withReference)
            AnsiConsole.MarkupLineInterpolated($"[yellow]PyTorch reference skipped: {PyTorchReference.Python} has no torch (make setup installs python3-torch; PIPELINE_PYTHON names another interpreter).[/]");
    }

    /// <summary>Interleaved rounds of TorchSharp and (when given) PyTorch; one table row each and the ratio of their medians.</summary>
    private static void Compare(Table table, string model, Func<int, double> ours, Func<System.Text.Json.JsonElement>? reference, int rounds)
    {
        var (torchSharp, pyTorch) = (new List<double>(), new List<double>());
        var version = "";
        for (var round = 0; round < rounds; round++)
        {
            torchSharp.Add(ours(round));
            if (reference is null) continue;
            var json = reference();
            pyTorch.Add(json.GetProperty("steps_per_second").GetDouble());
            version = json.GetProperty("torch").GetString() ?? "";
        }
        table.AddRow(model, "TorchSharp 0.107 (libtorch 2.10)", $"{Median.Of(torchSharp):F2}", string.Join(", ", torchSharp.Select(v => v.ToString("F2"))));
        if (reference is null) return;
        table.AddRow(model, $"PyTorch {version} eager ({PyTorchReference.Python})", $"{Median.Of(pyTorch):F2}", string.Join(", ", pyTorch.Select(v => v.ToString("F2"))));
        table.AddRow(model, "time per step, TorchSharp / PyTorch", $"[bold]{Median.Of(pyTorch) / Median.Of(torchSharp):F3}×[/]", "");
    }

    /// <summary>--rounds, --max-rounds and --spread of a bench whose rounds go on until its medians are known (<see cref="AdaptiveRounds"/>).</summary>
    private static (Option<int> Rounds, Option<int> MaxRounds, Option<double> Spread) RoundOptions(AdaptiveRounds defaults) =>
    (
        new Option<int>("--rounds") { Description = "interleaved rounds at least (medians are printed)", DefaultValueFactory = _ => defaults.Minimum },
        new Option<int>("--max-rounds") { Description = "more rounds, up to this many, until each median is known within --spread", DefaultValueFactory = _ => defaults.Maximum },
        new Option<double>("--spread") { Description = "half-width of the 95% interval of each median to reach, in percent", DefaultValueFactory = _ => defaults.TargetSpread * 100 }
    );

    /// <summary>The rounds the three options of <see cref="RoundOptions"/> ask for; a bad value is a usage error naming its option.</summary>
    private static AdaptiveRounds Rounds(ParseResult result, Option<int> rounds, Option<int> maxRounds, Option<double> spread)
    {
        var minimum = Positive(result.GetValue(rounds), "--rounds");
        var maximum = Math.Max(minimum, Positive(result.GetValue(maxRounds), "--max-rounds"));
        var percent = result.GetValue(spread);
        if (percent is not (> 0 and < 100)) throw new UsageException($"--spread {percent}: give a half-width in percent above 0 and below 100 (e.g. 2)");
        return new AdaptiveRounds(minimum, maximum, percent / 100);
    }

    /// <summary>Refuses a --model that is not a folder, before anything is loaded or timed.</summary>
    private static void ExistingPackage(string path)
    {
        if (!Directory.Exists(path)) throw new UsageException($"no exported package at {path}");
    }

    internal static int Positive(int value, string option) =>
        value > 0 ? value : throw new UsageException($"{option} must be a positive number, got {value}");
}
