using System.CommandLine;
using Pipeline.Tools;
using Pipeline.Tools.Commands;
using Spectre.Console;

// Tables written to a file or a pipe are 80 columns wide unless COLUMNS says otherwise (bench logs read better wide).
if (Console.IsOutputRedirected && int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out var columns) && columns > 0)
    AnsiConsole.Profile.Width = columns;

var root = new RootCommand("Pipeline tools: train generative models, export them to ONNX, sample them, benchmark.");
root.Add(TrainCommand.Create());
root.Add(ExportCommand.Create());
root.Add(SampleCommand.Create());
root.Add(SampleAllCommand.Create());
root.Add(InpaintCommand.Create());
root.Add(WalkCommand.Create());
foreach (var command in LatentCommands.Create()) root.Add(command);
root.Add(EvalCommand.Create());
root.Add(ReportCommand.Create());
root.Add(SealCommand.Create());
root.Add(SoakCommand.Create());
root.Add(FuzzCommand.Create());
root.Add(BenchCommand.Create());

try
{
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception error) when (error is UsageException or FileNotFoundException or DirectoryNotFoundException
                                  or InvalidDataException or ArgumentException or NotSupportedException or System.Runtime.InteropServices.ExternalException
                                  or Pipeline.Data.DatasetException or Pipeline.Checkpoints.CheckpointException
                                  or Pipeline.Export.OnnxExportException or Pipeline.Runtime.Packages.PackageException
                                  or Pipeline.Runtime.Sessions.RuntimeLoadException or Pipeline.Runtime.Sessions.ModelFormatException
                                  or Pipeline.Tools.Export.ExportVerificationException)
{
    AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
    // PIPELINE_TRACE=1 adds where it happened (for bug reports).
    if (Environment.GetEnvironmentVariable("PIPELINE_TRACE") == "1") Console.Error.WriteLine(error.StackTrace);
    return 2;
}
catch (Pipeline.Models.TrainingDivergedException error)
{
    AnsiConsole.MarkupLineInterpolated($"[red]diverged:[/] {error.Message}");
    return 3;
}
