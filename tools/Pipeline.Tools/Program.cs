using System.CommandLine;
using Pipeline.Tools;
using Pipeline.Tools.Commands;
using Spectre.Console;

var root = new RootCommand("Pipeline tools: train generative models, benchmark the engine.");
root.Add(TrainCommand.Create());
root.Add(BenchCommand.Create());

try
{
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception error) when (error is UsageException or FileNotFoundException or DirectoryNotFoundException
                                  or InvalidDataException or ArgumentException or Pipeline.Tensors.TorchException
                                  or Pipeline.Data.DatasetException or Pipeline.Checkpoints.CheckpointException
                                  or Pipeline.Nn.StateDictMismatchException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
    return 2;
}
