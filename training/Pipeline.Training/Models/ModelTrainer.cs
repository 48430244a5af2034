using System.Globalization;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Distributed;
using Pipeline.Export;
using Pipeline.Optim;
using Pipeline.Randomness;
using TorchSharp.Modules;
using DataLoader = Pipeline.Data.DataLoader;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>
/// Trains a model with TorchSharp's Adam, one dispose scope per step: an <see cref="ITrainableModel"/> by minimizing its
/// <see cref="ITrainableModel.Loss"/> over its trainable parameters (a frozen part, such as latent diffusion's VAE, is
/// left out), an <see cref="IAdversarialModel"/> by running its phases in order on each batch, each with its own Adam.
/// Writes a checkpoint (model, optimizers, noise generator, step, position in the data) after every epoch, every
/// <see cref="TrainingOptions.CheckpointEvery"/> steps and when <see cref="TrainingOptions.MaxSteps"/> stops it; resuming
/// from it continues exactly where it stopped, because the loader's order and pixel draws depend only on (seed, epoch)
/// and the noise generator's state is restored. A checkpoint of another kind, configuration, seed or batch size is
/// refused. With <see cref="TrainingOptions.EmaDecay"/> it also keeps (and checkpoints) an EMA of the weights, and it
/// records the losses every few steps into the checkpoint for loss curves. At every report the divergence checks run
/// (a non-finite loss always): one that fires stops training with a <see cref="TrainingDivergedException"/>.
/// Given a process group of several ranks it trains data-parallel (<see cref="DataParallel"/>): the batch size is the
/// global batch, reports show the global mean losses, and rank 0 alone writes the checkpoint.
/// </summary>
public sealed class ModelTrainer<TModel> where TModel : nn.Module, ICheckpointable
{
    /// <summary>The checkpoint's extra tensor holding the noise generator's state.</summary>
    public const string NoiseStateName = "noise_generator";

    /// <summary>
    /// The checkpoint's extra tensor holding TorchSharp's default CPU generator, which dropout layers draw their masks from
    /// (the DDPM's U-Net, the classifier): restored on resume, so the masks go on as in an uninterrupted run.
    /// </summary>
    public const string DefaultStateName = "default_generator";

    private const int ReportEvery = 20;

    private readonly TModel model;
    private readonly TrainingOptions options;
    private readonly IReadOnlyList<TrainingPhase> phases;
    private readonly bool adversarial;
    private readonly IProcessGroup? group;
    private DataParallel? parallel;                 // the latest Train's, when several ranks train
    private (string Path, long Step)? lastCheckpoint;

    /// <param name="group">The processes training together (MpiWorld.Current under mpirun); null or one process trains alone.</param>
    public ModelTrainer(TModel model, TrainingOptions options, IProcessGroup? group = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options.Validate();
        this.model = model;
        this.options = options;
        this.group = group is { Size: > 1 } ? group : null;
        (phases, adversarial) = model switch
        {
            IAdversarialModel players => (players.Phases, true),
            ITrainableModel single => ([new TrainingPhase("model", model, single.Loss)], false),
            _ => throw new ArgumentException($"{model.GetType().Name} has neither a loss (ITrainableModel) nor phases (IAdversarialModel): implement one of them"),
        };
        if (phases.Count == 0) throw new ArgumentException($"{model.ModelKind} has no training phase: give IAdversarialModel.Phases at least one");
        foreach (var phase in phases.Where(p => p.Every < 1))
            throw new ArgumentException($"{model.ModelKind}'s phase '{phase.Name}' runs every {phase.Every} batches: give it Every ≥ 1");
        if (phases.Select(p => p.Name).Distinct().Count() != phases.Count)
            throw new ArgumentException($"{model.ModelKind}'s phases [{string.Join(", ", phases.Select(p => p.Name))}] share a name: name each phase differently (names key their optimizers in checkpoints)");
    }

    /// <summary>
    /// The seed of the generator that the losses draw their noise from: derived from the run's seed, but apart from the
    /// initialization generator's (which command lines seed with it).
    /// </summary>
    public static long NoiseSeed(int seed) => 1_000_003L + seed;

    /// <summary>The seed the ranks of a data-parallel run derive their dropout streams from (apart from the noise's).</summary>
    private static long DropoutSeed(int seed) => 2_000_003L + seed;

    /// <summary>The names of the losses a report's <see cref="TrainingProgress.Parts"/> and the loss history hold for a multi-phase model.</summary>
    public IReadOnlyList<string> PhaseNames => phases.Select(p => p.Name).ToList();

    /// <summary>What averaging the gradients over the processes has cost so far in the latest <see cref="Train"/> (none when training alone).</summary>
    public CommunicationStats Communication => parallel?.Stats ?? CommunicationStats.None;

    /// <param name="stopping">Early stopping on a validation split: measured after every epoch; training ends at its patience,
    /// with the best epoch's weights in the model and the final checkpoint.</param>
    /// <param name="checks">Divergence checks run at every report besides <see cref="NonFiniteLoss"/>.</param>
    public TrainingSummary Train(ImageDataset train, IProgress<TrainingProgress>? progress = null, EarlyStopping? stopping = null,
        IReadOnlyList<IDivergenceCheck>? checks = null)
    {
        OneDnn.Disable();   // libtorch 2.10's oneDNN convolutions are wrong for small channel counts here (see OneDnn)
        model.to(options.Device).train();
        var optimizers = phases.Select(p => optim.Adam(p.Module.parameters().Where(q => q.requires_grad), options.LearningRate, options.Beta1, options.Beta2)).ToList();
        using var dataParallel = group is null ? null : new DataParallel(group, model, phases.Select(p => p.Module.parameters().Where(q => q.requires_grad)));
        parallel = dataParallel;
        try
        {
            return Run(train, progress, stopping, checks, optimizers);
        }
        finally
        {
            foreach (var optimizer in optimizers) optimizer.Dispose();
        }
    }

    private TrainingSummary Run(ImageDataset train, IProgress<TrainingProgress>? progress, EarlyStopping? stopping,
        IReadOnlyList<IDivergenceCheck>? checks, IReadOnlyList<Adam> optimizers)
    {
        // A run killed while writing its checkpoint left a temporary file beside it (never a partial checkpoint).
        if (options.CheckpointPath is not null && parallel?.Lead != false) Pipeline.IO.AtomicFile.RemoveTemporaries(options.CheckpointPath);
        using var noise = Noise.Seeded(NoiseSeed(options.Seed));
        using var ema = options.EmaDecay is double decay ? new ExponentialMovingAverage(model, decay, warmup: true) : null;
        IDivergenceCheck[] divergence = [new NonFiniteLoss(), .. checks ?? []];
        var history = new List<double[]>();
        var state = new RunState(optimizers, noise, ema, history, stopping);
        var loader = new DataLoader(train, options.BatchSize, shuffle: true, seed: options.Seed, transform: model.TrainingPixels, shard: parallel?.Shard);
        var resumeFrom = CheckpointToResume();
        var (step, firstEpoch, skipBatches) = resumeFrom is null ? (0L, 0, 0) : Restore(resumeFrom, state);
        if (step > 0) lastCheckpoint = (options.CheckpointPath!, step);
        if (parallel is not null)
        {
            parallel.Release(resumeFrom);
            parallel.Start();
            noise.manual_seed(parallel.NoiseSeed(NoiseSeed(options.Seed), step));
            // Dropout masks too: each rank its own, where every rank drew the same from the seed they share.
            torch.random.manual_seed(parallel.NoiseSeed(DropoutSeed(options.Seed), step));
        }

        // A phase's latest loss and parts; null until it has run in this process (a resumed GAN starts between generator steps).
        var last = new (double Loss, IReadOnlyList<(string Name, double Value)> Parts)?[phases.Count];
        TrainingProgress? report = null;
        var lastEpoch = firstEpoch;
        for (var epoch = firstEpoch; epoch < options.Epochs && !Done(step) && stopping?.Stopped != true; epoch++)
        {
            loader.Epoch = epoch;
            var batchIndex = 0;
            foreach (var batch in loader)
            {
                using var scope = NewDisposeScope();
                using var owned = batch;
                // Skipped batches are still drawn, so random pixel transforms stay in step with the first run.
                if (batchIndex < skipBatches)
                {
                    batchIndex++;
                    continue;
                }
                var reportNow = (batchIndex + 1) % ReportEvery == 0 || batchIndex + 1 == loader.BatchCount || Done(step + 1);
                var onDevice = OnDevice(batch);
                // With several ranks, each loss is scaled by the rank's share of the global batch: the sum of the ranks'
                // gradients (and of their scaled losses) is then that of the global batch's mean loss.
                var share = parallel is null ? 1.0 : (double)batch.Size / loader.GlobalBatchSize(batchIndex);
                for (var k = 0; k < phases.Count; k++)
                {
                    if (step % phases[k].Every != phases[k].Every - 1) continue;
                    if (adversarial) model.zero_grad();
                    else optimizers[k].zero_grad();
                    var terms = phases[k].Loss(onDevice, noise);
                    (parallel is null ? terms.Total : terms.Total * share).backward();
                    parallel?.AverageGradients(k);
                    optimizers[k].step();
                    // A multi-phase report shows every phase's latest values, so each run of a phase is read.
                    if (adversarial || reportNow) last[k] = (share * terms.Total.item<float>(), terms.Values().Select(p => (p.Name, share * p.Value)).ToList());
                }
                parallel?.AfterStep();
                ema?.Update();
                step++;
                batchIndex++;
                if (reportNow && last.Any(l => l is not null))
                {
                    var shown = parallel is null ? last : GlobalMeans(last, parallel);
                    report = Report(epoch, batchIndex, loader.BatchCount, step, shown);
                    if (shown.All(l => l is not null)) history.Add([step, .. adversarial ? shown.Select(l => l!.Value.Loss) : [report.Loss]]);
                    progress?.Report(report);
                    foreach (var check in divergence)
                        if (check.Check(report) is { } reason) throw Diverged(step, reason);
                    if (NonFinite(p => p.grad) is { } gradient) throw Diverged(step, $"the gradient of parameter '{gradient}' holds NaN or infinite values");
                }
                if (options.CheckpointEvery is long every && step % every == 0 && batchIndex < loader.BatchCount && !Done(step))
                    Save(state, step, epoch, batchIndex);
                if (Done(step)) break;
            }
            skipBatches = 0;
            var finished = batchIndex == loader.BatchCount;
            if (finished) lastEpoch = epoch + 1;
            if (finished && stopping is not null && stopping.Record(model, epoch + 1)) break;
            Save(state, step, finished ? epoch + 1 : epoch, finished ? 0 : batchIndex);
        }
        // A run that stopped early or ran every epoch ends with the best weights, and a resumed run has nothing left to do; one
        // cut short by --max-steps keeps its last checkpoint, which a resumed run continues.
        var completed = stopping?.Stopped == true || lastEpoch == options.Epochs;
        if (completed && (stopping?.RestoreBest(model, lastEpoch) == true || stopping?.Stopped == true))
            Save(state, step, options.Epochs, 0);
        return new TrainingSummary(step, report?.Loss ?? double.NaN, report?.Parts ?? []);
    }

    /// <summary>
    /// One phase: its loss and parts; several: the first phase's loss that has run, then each phase that has run, its loss by
    /// name and its parts.
    /// </summary>
    private TrainingProgress Report(int epoch, int batchIndex, int batches, long step, (double Loss, IReadOnlyList<(string Name, double Value)> Parts)?[] last)
    {
        var ran = Enumerable.Range(0, phases.Count).Where(k => last[k] is not null).ToList();
        IReadOnlyList<(string, double)> parts = adversarial
            ? ran.SelectMany(k => last[k]!.Value.Parts.Prepend((phases[k].Name, last[k]!.Value.Loss))).ToList()
            : last[0]!.Value.Parts;
        return new TrainingProgress(epoch + 1, options.Epochs, batchIndex, batches, step, last[ran[0]]!.Value.Loss, parts);
    }

    /// <summary>The ranks' share-weighted latest values summed over all ranks: the global batch's mean losses.</summary>
    private static (double Loss, IReadOnlyList<(string Name, double Value)> Parts)?[] GlobalMeans(
        (double Loss, IReadOnlyList<(string Name, double Value)> Parts)?[] last, DataParallel parallel)
    {
        var sums = parallel.Sum(last.Where(l => l is not null).SelectMany(l => l!.Value.Parts.Select(p => p.Value).Prepend(l!.Value.Loss)).ToArray());
        var position = 0;
        return last.Select(l => l is not { } values ? l : (sums[position++], (IReadOnlyList<(string, double)>)values.Parts.Select(p => (p.Name, sums[position++])).ToList())).ToArray();
    }

    private TrainingDivergedException Diverged(long step, string reason) =>
        new(step, reason, lastCheckpoint?.Path, lastCheckpoint?.Step);

    private bool Done(long step) => options.MaxSteps is long max && step >= max;

    private Batch OnDevice(Batch batch) =>
        options.Device.type == DeviceType.CPU
            ? batch
            : new Batch(batch.Images.to(options.Device), batch.Labels.to(options.Device), batch.Indices.ToArray());

    /// <summary>The checkpoint to resume from, if any: the one at the checkpoint path; with several ranks, rank 0's, sent to the others.</summary>
    private string? CheckpointToResume() =>
        !options.Resume ? null
        : parallel is not null ? parallel.ShareCheckpoint(options.CheckpointPath)
        : File.Exists(options.CheckpointPath) ? options.CheckpointPath : null;

    /// <summary>Loads the checkpoint into the model, optimizers and noise generator; returns (step, epoch, batch) to continue at.</summary>
    private (long Step, int Epoch, int Batch) Restore(string path, RunState state)
    {
        var (optimizers, noise, ema, history, stopping) = state;
        using var checkpoint = Checkpoint.Load(path, model.ModelKind);
        if (checkpoint.ConfigJson != model.ConfigJson)
            throw new InvalidDataException($"{path} was trained with another configuration ({checkpoint.ConfigJson}, not {model.ConfigJson}): resume with the same options, or write to another --out");
        RequireSame(checkpoint, "seed", options.Seed, "--seed");
        RequireSame(checkpoint, "batch_size", options.BatchSize, "--batch-size");
        var trainedOn = checkpoint.Metadata.GetValueOrDefault(TrainingMetadata.Dataset);
        if (trainedOn != TrainingDataSets.Name(options.Data))
            throw new InvalidDataException($"{path} was trained on {trainedOn ?? "Fashion-MNIST"}, not {TrainingDataSets.Name(options.Data) ?? "Fashion-MNIST"}: resume with the same --data, or write to another --out");
        checkpoint.RestoreModel(model);
        if (adversarial)
            for (var k = 0; k < phases.Count; k++) checkpoint.RestoreOptimizer(phases[k].Name, phases[k].Module, optimizers[k]);
        else
            checkpoint.RestoreOptimizer(model, optimizers[0]);
        // Checkpoints written before the trainer saved its noise generator come from models that draw no noise.
        if (checkpoint.ExtraNames.Contains(NoiseStateName)) noise.set_state(checkpoint.Extra(NoiseStateName));
        // Checkpoints written before it was saved resume with the masks of a fresh run (as they did).
        if (checkpoint.ExtraNames.Contains(DefaultStateName)) torch.random.set_rng_state(checkpoint.Extra(DefaultStateName));
        if (ema is not null) checkpoint.RestoreEma(ema);
        stopping?.Restore(checkpoint);
        if (checkpoint.Metadata.TryGetValue(TrainingMetadata.LossHistory, out var saved))
            history.AddRange(System.Text.Json.JsonSerializer.Deserialize<double[][]>(saved) ?? []);
        return (checkpoint.Step, ReadInt(checkpoint, "epoch"), ReadInt(checkpoint, "batch"));
    }

    private static void RequireSame(Checkpoint checkpoint, string key, int value, string option)
    {
        if (checkpoint.Metadata.TryGetValue(key, out var saved) && saved != value.ToString(CultureInfo.InvariantCulture))
            throw new InvalidDataException($"{checkpoint.Path} was trained with {option} {saved}, not {value}: resume with {option} {saved} (the data order depends on it), or write to another --out");
    }

    private static int ReadInt(Checkpoint checkpoint, string key) =>
        checkpoint.Metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CheckpointException(checkpoint.Path, $"'{checkpoint.Path}' has no valid '{key}' position (it was not written by ModelTrainer): start a fresh run, or pass a checkpoint written while training");

    /// <summary>
    /// Writes the checkpoint; training continues at batch <paramref name="batch"/> of epoch <paramref name="epoch"/>.
    /// Weights that are no longer finite are never written over the last good checkpoint.
    /// </summary>
    private void Save(RunState state, long step, int epoch, int batch)
    {
        var (optimizers, noise, ema, history, stopping) = state;
        if (options.CheckpointPath is null) return;
        if (NonFinite(p => p) is { } name) throw Diverged(step, $"parameter '{name}' holds NaN or infinite values");
        if (parallel is { Lead: false })
        {
            lastCheckpoint = (options.CheckpointPath, step);   // rank 0 writes it
            return;
        }
        using var noiseState = noise.get_state();
        using var defaultState = torch.random.get_rng_state();
        var metadata = new Dictionary<string, string>
        {
            ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
            ["batch"] = batch.ToString(CultureInfo.InvariantCulture),
            ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
            ["batch_size"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
            [TrainingMetadata.Processes] = (parallel?.Group.Size ?? 1).ToString(CultureInfo.InvariantCulture),
            [TrainingMetadata.LossHistory] = System.Text.Json.JsonSerializer.Serialize(history),
        };
        if (TrainingDataSets.Name(options.Data) is { } dataset) metadata[TrainingMetadata.Dataset] = dataset;
        if (adversarial) metadata[TrainingMetadata.LossSeries] = System.Text.Json.JsonSerializer.Serialize(PhaseNames);
        var extra = new Dictionary<string, Tensor> { [NoiseStateName] = noiseState, [DefaultStateName] = defaultState };
        stopping?.AddTo(extra, metadata);
        Checkpoint.Save(options.CheckpointPath, new CheckpointContents
        {
            Kind = model.ModelKind,
            ConfigJson = model.ConfigJson,
            Step = step,
            Model = model,
            Optimizer = adversarial ? null : optimizers[0],
            NamedOptimizers = adversarial ? phases.Select((p, k) => new NamedOptimizer(p.Name, p.Module, optimizers[k])).ToList() : null,
            Ema = ema,
            Extra = extra,
            Metadata = metadata,
        });
        lastCheckpoint = (options.CheckpointPath, step);
    }

    /// <summary>The name of the first parameter whose <paramref name="values"/> (the weights, or their gradient) hold NaN or ±∞.</summary>
    private string? NonFinite(Func<Parameter, Tensor?> values)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var (name, parameter) in model.named_parameters())
            if (values(parameter) is { } tensor && !isfinite(tensor).all().item<bool>()) return name;
        return null;
    }

    /// <summary>What a run checkpoints besides the model, made once per run: its optimizers, noise, EMA, loss history and early stopping.</summary>
    private sealed record RunState(IReadOnlyList<Adam> Optimizers, Generator Noise, ExponentialMovingAverage? Ema, List<double[]> History, EarlyStopping? Stopping);
}
