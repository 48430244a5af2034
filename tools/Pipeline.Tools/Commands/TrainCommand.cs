using System.CommandLine;
using Pipeline.Models;
using Spectre.Console;

namespace Pipeline.Tools.Commands;

/// <summary>`train …`: trains a model from the command line with a progress display and writes its checkpoint.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var train = new Command("train", "Train a model on Fashion-MNIST and write a checkpoint.");
        foreach (var command in AutoencoderCommands.Create().Concat(VaeCommands.Create()).Concat(DiffusionCommands.Create()).Append(LatentDiffusionCommand.Create()).Concat(AutoregressiveCommands.Create()).Concat(QuantizedCommands.Create()).Concat(FlowCommands.Create()).Concat(AdversarialCommands.Create()).Append(ClassifierCommand.Create()))
            train.Add(command);
        return train;
    }

    /// <summary>Runs a training loop under a progress bar that shows epoch, batch, loss and the loss's parts.</summary>
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
                    task.Description = Markup.Escape($"epoch {p.Epoch}/{p.Epochs}  loss {ModelTrainingCommand.Describe(p.Loss, p.Parts)}");
                    task.Value = ((p.Epoch - 1) + (double)p.BatchInEpoch / p.BatchesPerEpoch) / p.Epochs;
                });
                result = run(progress);
                task.Value = 1;
            });
        return result;
    }
}
