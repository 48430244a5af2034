using System.Globalization;
using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Export;
using Pipeline.Optim;
using Pipeline.Randomness;
using TorchSharp.Modules;
using DataLoader = Pipeline.Data.DataLoader;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Models;

/// <summary>
/// Trains any <see cref="ITrainableModel"/> by minimizing its <see cref="ITrainableModel.Loss"/> with TorchSharp's Adam
/// (over the trainable parameters: a frozen part, such as latent diffusion's VAE, is left out), one dispose scope per step.
/// Writes a checkpoint (model, optimizer, noise generator, step, position in the data) after every epoch
/// and when <see cref="TrainingOptions.MaxSteps"/> stops it; resuming from it continues exactly where it
/// stopped, because the loader's order and pixel draws depend only on (seed, epoch) and the noise
/// generator's state is restored. A checkpoint of another kind, configuration, seed or batch size is refused.
/// With <see cref="TrainingOptions.EmaDecay"/> it also keeps (and checkpoints) an EMA of the weights, and it
/// records the loss every few steps into the checkpoint for loss curves.
/// </summary>
public sealed class ModelTrainer<TModel> where TModel : nn.Module, ITrainableModel
{
    /// <summary>The checkpoint's extra tensor holding the noise generator's state.</summary>
    public const string NoiseStateName = "noise_generator";


    private const int ReportEvery = 20;

    private readonly TModel model;
    private readonly TrainingOptions options;

    public ModelTrainer(TModel model, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(model);
        options.Validate();
        this.model = model;
        this.options = options;
    }

    /// <summary>
    /// The seed of the generator that <see cref="ITrainableModel.Loss"/> draws its noise from: derived from
    /// the run's seed, but apart from the initialization generator's (which command lines seed with it).
    /// </summary>
    public static long NoiseSeed(int seed) => 1_000_003L + seed;

    /// <param name="stopping">Early stopping on a validation split: measured after every epoch; training ends at its patience,
    /// with the best epoch's weights in the model and the final checkpoint.</param>
    public TrainingSummary Train(ImageDataset train, IProgress<TrainingProgress>? progress = null, EarlyStopping? stopping = null)
    {
        OneDnn.Disable();   // libtorch 2.10's oneDNN convolutions are wrong for small channel counts here (see OneDnn)
        model.to(options.Device).train();
        using var optimizer = optim.Adam(model.parameters().Where(p => p.requires_grad), options.LearningRate);
        using var noise = Noise.Seeded(NoiseSeed(options.Seed));
        using var ema = options.EmaDecay is double decay ? new ExponentialMovingAverage(model, decay, warmup: true) : null;
        var history = new List<double[]>();
        var loader = new DataLoader(train, options.BatchSize, shuffle: true, seed: options.Seed, transform: model.TrainingPixels);
        var (step, firstEpoch, skipBatches) = options.Resume && File.Exists(options.CheckpointPath)
            ? Restore(optimizer, noise, ema, history)
            : (0L, 0, 0);

        var last = (Loss: double.NaN, Parts: (IReadOnlyList<(string Name, double Value)>)Array.Empty<(string, double)>());
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
                optimizer.zero_grad();
                var terms = model.Loss(OnDevice(batch), noise);
                terms.Total.backward();
                optimizer.step();
                ema?.Update();
                step++;
                batchIndex++;
                if (batchIndex % ReportEvery == 0 || batchIndex == loader.BatchCount || Done(step))
                {
                    last = (terms.Total.item<float>(), terms.Values());
                    history.Add(new[] { step, last.Loss });
                    progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, batchIndex, loader.BatchCount, step, last.Loss, last.Parts));
                }
                if (Done(step)) break;
            }
            skipBatches = 0;
            var finished = batchIndex == loader.BatchCount;
            if (finished) lastEpoch = epoch + 1;
            if (finished && stopping is not null && stopping.Record(model, epoch + 1)) break;
            Save(optimizer, noise, ema, history, step, finished ? epoch + 1 : epoch, finished ? 0 : batchIndex);
        }
        if (stopping?.RestoreBest(model, lastEpoch) == true || stopping?.Stopped == true)
            Save(optimizer, noise, ema, history, step, options.Epochs, 0);   // the best weights; a resumed run has nothing left to do
        return new TrainingSummary(step, last.Loss, last.Parts);
    }

    private bool Done(long step) => options.MaxSteps is long max && step >= max;

    private Batch OnDevice(Batch batch) =>
        options.Device.type == DeviceType.CPU
            ? batch
            : new Batch(batch.Images.to(options.Device), batch.Labels.to(options.Device), batch.Indices.ToArray());

    /// <summary>Loads the checkpoint into the model, optimizer and noise generator; returns (step, epoch, batch) to continue at.</summary>
    private (long Step, int Epoch, int Batch) Restore(Adam optimizer, Generator noise, ExponentialMovingAverage? ema, List<double[]> history)
    {
        var path = options.CheckpointPath!;
        using var checkpoint = Checkpoint.Load(path, model.ModelKind);
        if (checkpoint.ConfigJson != model.ConfigJson)
            throw new InvalidDataException($"{path} was trained with another configuration ({checkpoint.ConfigJson}, not {model.ConfigJson}): resume with the same options, or write to another --out");
        RequireSame(checkpoint, "seed", options.Seed, "--seed");
        RequireSame(checkpoint, "batch_size", options.BatchSize, "--batch-size");
        checkpoint.RestoreModel(model);
        checkpoint.RestoreOptimizer(model, optimizer);
        // Checkpoints written before the trainer saved its noise generator come from models that draw no noise.
        if (checkpoint.ExtraNames.Contains(NoiseStateName)) noise.set_state(checkpoint.Extra(NoiseStateName));
        if (ema is not null) checkpoint.RestoreEma(ema);
        if (checkpoint.Metadata.TryGetValue(TrainingMetadata.LossHistory, out var saved))
            history.AddRange(System.Text.Json.JsonSerializer.Deserialize<double[][]>(saved) ?? Array.Empty<double[]>());
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

    /// <summary>Writes the checkpoint; training continues at batch <paramref name="batch"/> of epoch <paramref name="epoch"/>.</summary>
    private void Save(Adam optimizer, Generator noise, ExponentialMovingAverage? ema, List<double[]> history, long step, int epoch, int batch)
    {
        if (options.CheckpointPath is null) return;
        using var noiseState = noise.get_state();
        Checkpoint.Save(options.CheckpointPath, new CheckpointContents
        {
            Kind = model.ModelKind,
            ConfigJson = model.ConfigJson,
            Step = step,
            Model = model,
            Optimizer = optimizer,
            Ema = ema,
            Extra = new Dictionary<string, Tensor> { [NoiseStateName] = noiseState },
            Metadata = new Dictionary<string, string>
            {
                ["epoch"] = epoch.ToString(CultureInfo.InvariantCulture),
                ["batch"] = batch.ToString(CultureInfo.InvariantCulture),
                ["seed"] = options.Seed.ToString(CultureInfo.InvariantCulture),
                ["batch_size"] = options.BatchSize.ToString(CultureInfo.InvariantCulture),
                [TrainingMetadata.LossHistory] = System.Text.Json.JsonSerializer.Serialize(history),
            },
        });
    }
}
