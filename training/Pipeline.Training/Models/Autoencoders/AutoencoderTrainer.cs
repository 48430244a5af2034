using Pipeline.Checkpoints;
using Pipeline.Data;
using Pipeline.Nn;
using Pipeline.Optim;
using Pipeline.Tensors;

namespace Pipeline.Models.Autoencoders;

/// <summary>
/// Trains an autoencoder by minimizing the mean squared reconstruction error ‖x′ − x‖² with Adam,
/// pixels in [0, 1]. Writes a checkpoint (model, optimizer, step, position in the data) after every
/// epoch and when it stops early; resuming from it continues exactly where it stopped, because the
/// loader's order depends only on the seed and the epoch.
/// </summary>
public sealed class AutoencoderTrainer
{
    private readonly Module<Tensor, Tensor> model;
    private readonly string kind;
    private readonly string configJson;
    private readonly TrainingOptions options;

    public AutoencoderTrainer(Module<Tensor, Tensor> model, string kind, string configJson, TrainingOptions options)
    {
        options.Validate();
        this.model = model;
        this.kind = kind;
        this.configJson = configJson;
        this.options = options;
    }

    public ReconstructionReport Train(ImageDataset train, ImageDataset test, IProgress<TrainingProgress>? progress = null)
    {
        model.To(options.Device).Train();
        using var optimizer = new Adam(model.Parameters(), options.LearningRate);
        var loader = new DataLoader(train, options.BatchSize, shuffle: true, seed: options.Seed, transform: PixelTransform.ZeroOne);
        long step = 0;
        var firstEpoch = 0;
        var skipBatches = 0;
        if (options.Resume && File.Exists(options.CheckpointPath))
        {
            using var checkpoint = Checkpoint.Load(options.CheckpointPath!, kind);
            if (checkpoint.ConfigJson != configJson)
                throw new InvalidDataException($"{options.CheckpointPath} was trained with another configuration ({checkpoint.ConfigJson}): resume with the same options, or write to another --out");
            checkpoint.RestoreModel(model);
            checkpoint.RestoreOptimizer(optimizer);
            step = checkpoint.Step;
            firstEpoch = int.Parse(checkpoint.Metadata["epoch"], System.Globalization.CultureInfo.InvariantCulture);
            skipBatches = int.Parse(checkpoint.Metadata["batch"], System.Globalization.CultureInfo.InvariantCulture);
        }

        var lastLoss = double.NaN;
        for (var epoch = firstEpoch; epoch < options.Epochs && !Done(step); epoch++)
        {
            loader.Epoch = epoch;
            var batchIndex = 0;
            foreach (var batch in loader)
            {
                using var scope = DisposeScope.Enter();
                using var owned = batch;
                if (batchIndex < skipBatches)
                {
                    batchIndex++;
                    continue;
                }
                var x = batch.Images.To(options.Device).Flatten(1);
                optimizer.ZeroGrad();
                var loss = Functional.MseLoss(model.Forward(x), x);
                loss.Backward();
                optimizer.Step();
                step++;
                batchIndex++;
                if (batchIndex % 20 == 0 || batchIndex == loader.BatchCount || Done(step))
                {
                    lastLoss = loss.ToDouble();
                    progress?.Report(new TrainingProgress(epoch + 1, options.Epochs, batchIndex, loader.BatchCount, step, lastLoss));
                }
                if (Done(step)) break;
            }
            skipBatches = 0;
            var finished = batchIndex == loader.BatchCount;
            Save(optimizer, step, finished ? epoch + 1 : epoch, finished ? 0 : batchIndex);
        }

        var testMse = ReconstructionError.Evaluate(model, test, options.Device);
        return new ReconstructionReport(step, lastLoss, testMse, ReconstructionError.MeanImageBaseline(train, test));
    }

    private bool Done(long step) => options.MaxSteps is long max && step >= max;

    /// <summary>Writes the checkpoint; training continues at batch <paramref name="batch"/> of epoch <paramref name="epoch"/>.</summary>
    private void Save(Optimizer optimizer, long step, int epoch, int batch)
    {
        if (options.CheckpointPath is null) return;
        Checkpoint.Save(options.CheckpointPath, new CheckpointContents
        {
            Kind = kind,
            ConfigJson = configJson,
            Step = step,
            Model = model,
            Optimizer = optimizer,
            Metadata = new Dictionary<string, string>
            {
                ["epoch"] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["batch"] = batch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["seed"] = options.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["batch_size"] = options.BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
        });
    }
}
