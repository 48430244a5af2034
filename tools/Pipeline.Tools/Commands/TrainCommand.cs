using System.CommandLine;
using Pipeline.Data;
using Pipeline.Models;
using Pipeline.Models.Autoencoders;
using Pipeline.Tensors;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`train …`: trains a model from the command line with a progress display and writes its checkpoint.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var train = new Command("train", "Train a model on Fashion-MNIST and write a checkpoint.");
        train.Add(CreateAutoencoder());
        return train;
    }

    private static Command CreateAutoencoder()
    {
        var common = new TrainingArguments("checkpoints/mlp-autoencoder.safetensors", epochs: 2, batchSize: 128, learningRate: 1e-3);
        var latent = new Option<int>("--latent") { Description = "size of the code z", DefaultValueFactory = _ => 2 };
        var output = new Option<OutputActivation>("--output") { Description = "activation of the decoder's output", DefaultValueFactory = _ => OutputActivation.None };
        var command = new Command("autoencoder", "The MLP autoencoder of seed 000 (784-128-64-12-2 and back), MSE loss, Adam.") { latent, output };
        common.AddTo(command);
        command.SetAction(result =>
        {
            var options = common.Read(result);
            var config = new MlpAutoencoderConfig { LatentSize = result.GetValue(latent), Output = result.GetValue(output) };
            config.Validate();
            var trainSet = FashionMnist.Load(FashionMnistSplit.Train);
            var testSet = FashionMnist.Load(FashionMnistSplit.Test);
            using var generator = new Generator(options.Seed);
            using var model = new MlpAutoencoder(config, generator);
            AnsiConsole.MarkupLineInterpolated($"mlp-autoencoder: {model.ParameterCount:N0} parameters, {options.Epochs} epochs of {trainSet.Count:N0} images, batch {options.BatchSize}, lr {options.LearningRate}, seed {options.Seed}, {options.Device}");
            var report = WithProgress(progress => new AutoencoderTrainer(model, MlpAutoencoder.Kind, config.ToJson(), options).Train(trainSet, testSet, progress));
            AnsiConsole.MarkupLineInterpolated($"test MSE per pixel {report.TestMse:F5}; mean-image baseline {report.MeanImageMse:F5}; {report.ImprovementOverBaseline:F2}× lower after {report.Steps} steps");
            if (options.CheckpointPath is not null) AnsiConsole.MarkupLineInterpolated($"checkpoint: {options.CheckpointPath}");
            return 0;
        });
        return command;
    }

    /// <summary>Runs a training loop under a progress bar that shows epoch, batch and loss.</summary>
    internal static T WithProgress<T>(Func<IProgress<TrainingProgress>, T> run)
    {
        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: 1);
                var progress = new SynchronousProgress(p =>
                {
                    task.Description = $"epoch {p.Epoch}/{p.Epochs}  loss {p.Loss:F4}";
                    task.Value = ((p.Epoch - 1) + (double)p.BatchInEpoch / p.BatchesPerEpoch) / p.Epochs;
                });
                result = run(progress);
                task.Value = 1;
            });
        return result;
    }
}
