using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pipeline.Data;
using Pipeline.Distributed;
using Pipeline.Models;
using Pipeline.Models.Autoencoders;
using Pipeline.Models.Diffusion;
using Pipeline.Tools.Commands;
using Pipeline.Tools.Distributed;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Benchmarks;

/// <summary>
/// `bench distributed`: the trainer on Fashion-MNIST with 1 and then N processes (through mpirun, as `train --nproc`
/// starts them), interleaved rounds. Each run is a worker (`bench distributed-worker`) that trains <see cref="Warmup"/>
/// steps untimed and then the timed ones; rank 0 prints its figures as one JSON line: steps/s of the global batch, and
/// the time spent inside the gradient all-reduces (waiting for the slower rank included), the calls and the bytes; then,
/// with the ranks in step (a barrier first), the time of an all-reduce of the same bytes alone: the transfer's own cost.
/// </summary>
internal static class DistributedBenchmark
{
    /// <summary>Untimed steps first: the trainer reports every 20 steps, and the clock starts at the first report.</summary>
    public const int Warmup = 20;

    private const string Marker = "bench-distributed ";

    public static void Run(DistributedBenchModel model, int[] processes, int steps, int batch, int rounds)
    {
        AnsiConsole.MarkupLineInterpolated($"bench distributed: {model}, global batch {batch}, {steps} timed steps after {Warmup}, {rounds} interleaved rounds of {string.Join(" and ", processes)} processes; {Environment.ProcessorCount} cores shared by the ranks of this machine");
        var runs = processes.ToDictionary(n => n, _ => new List<WorkerFigures>());
        for (var round = 0; round < rounds; round++)
            foreach (var n in processes)
                runs[n].Add(Launch(model, n, steps, batch));
        var table = new Table().AddColumns("processes", "steps/s", "images/s", "vs 1 process", "all-reduce ms/step", "of which transfer", "MB reduced/step", "calls/step", "all rounds (steps/s)");
        var single = runs.TryGetValue(1, out var alone) ? Median.Of(alone.Select(r => r.StepsPerSecond)) : double.NaN;
        foreach (var (n, figures) in runs)
        {
            var stepsPerSecond = Median.Of(figures.Select(r => r.StepsPerSecond));
            table.AddRow(n.ToString(CultureInfo.InvariantCulture), $"{stepsPerSecond:F2}", $"{stepsPerSecond * batch:F0}",
                double.IsNaN(single) ? "" : $"{stepsPerSecond / single:F2}×", $"{Median.Of(figures.Select(r => r.AllReduceMilliseconds)):F2}",
                $"{Median.Of(figures.Select(r => r.TransferMilliseconds)):F2}",
                $"{figures[0].BytesPerStep / 1e6:F2}", $"{figures[0].CallsPerStep:F0}", string.Join(", ", figures.Select(r => r.StepsPerSecond.ToString("F2", CultureInfo.InvariantCulture))));
        }
        AnsiConsole.Write(table);
    }

    /// <summary>Runs one worker job of <paramref name="processes"/> ranks and reads rank 0's figures.</summary>
    private static WorkerFigures Launch(DistributedBenchModel model, int processes, int steps, int batch)
    {
        var output = new List<string>();
        var (code, failure) = MpiLauncher.Run(processes,
            MpiLauncher.ThisProgram("bench", "distributed-worker", "--model", model.ToString(),
                "--steps", steps.ToString(CultureInfo.InvariantCulture), "--batch-size", batch.ToString(CultureInfo.InvariantCulture)),
            (line, _) => { lock (output) output.Add(line); });
        var figures = output.FirstOrDefault(line => line.Contains(Marker, StringComparison.Ordinal));
        if (code != 0 || figures is null)
            throw new InvalidOperationException($"the {processes}-process worker failed{(failure is null ? "" : $": rank {failure.Rank} {failure.How}")}:\n{string.Join("\n", output.TakeLast(20))}");
        return JsonSerializer.Deserialize<WorkerFigures>(figures[(figures.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length)..])!;
    }

    /// <summary>The worker: trains under mpirun (or alone) and prints rank 0's figures.</summary>
    public static void Work(DistributedBenchModel model, int steps, int batch)
    {
        var world = MpiWorld.Current;
        if (world is not null) set_num_threads(world.ThreadsPerRank);
        random.manual_seed(1);
        var (train, _) = TrainingDataSets.Load(TrainingData.Fashion);
        var options = new TrainingOptions { BatchSize = batch, Epochs = 1000, MaxSteps = Warmup + steps };
        var figures = model == DistributedBenchModel.Ddpm
            ? Train(new DdpmModel(new DdpmConfig { UNet = UNetConfig.WithBaseChannels(16) }), options, world, train)
            : Train(new ConvAutoencoder(new ConvAutoencoderConfig()), options, world, train);
        if (world is not null) figures = figures with { Processes = world.Size, TransferMilliseconds = Transfer(world, (int)(figures.BytesPerStep / sizeof(float))) };
        if (world is null || world.Rank == 0) Console.WriteLine(Marker + JsonSerializer.Serialize(figures));
    }

    private static WorkerFigures Train<TModel>(TModel network, TrainingOptions options, MpiWorld? world, ImageDataset train)
        where TModel : nn.Module, ICheckpointable
    {
        using var owned = network;
        var trainer = new ModelTrainer<TModel>(network, options, world);
        long? started = null;
        var before = CommunicationStats.None;
        trainer.Train(train, new SynchronousProgress(p =>
        {
            if (p.Step != Warmup) return;
            before = trainer.Communication;
            started = Stopwatch.GetTimestamp();
        }));
        var seconds = Stopwatch.GetElapsedTime(started ?? throw new InvalidOperationException("the trainer made no report at the end of the warm-up")).TotalSeconds;
        var steps = options.MaxSteps!.Value - Warmup;
        var after = trainer.Communication;
        return new WorkerFigures(0, steps / seconds, (after.Time - before.Time).TotalMilliseconds / steps,
            (double)(after.Bytes - before.Bytes) / steps, (double)(after.Calls - before.Calls) / steps);
    }

    /// <summary>The median time of one all-reduce of <paramref name="floats"/> floats when every rank is already waiting for it.</summary>
    private static double Transfer(MpiWorld world, int floats)
    {
        var buffer = new float[floats];
        var times = new List<double>();
        for (var i = 0; i < 25; i++)
        {
            world.Barrier();
            var started = Stopwatch.GetTimestamp();
            world.AllReduceSum(buffer);
            if (i >= 5) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        return Median.Of(times);
    }

    /// <summary>One worker job's figures, per step of the global batch.</summary>
    private sealed record WorkerFigures(int Processes, double StepsPerSecond, double AllReduceMilliseconds, double BytesPerStep, double CallsPerStep,
        double TransferMilliseconds = 0);
}
