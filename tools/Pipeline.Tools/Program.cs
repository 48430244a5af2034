using System.CommandLine;
using Pipeline.Distributed;
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

// Started by mpirun (train --nproc, or the user's own mpirun): join the job. Only rank 0 prints; the others print errors only.
var world = MpiWorld.Launched ? MpiWorld.Join() : null;
if (world is { Rank: not 0 }) AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
var exitCode = Run();
// A failed rank ends the whole job at once (the others would wait for it in their next all-reduce); a clean one finalizes MPI.
if (world is not null && exitCode != 0) world.Abort(exitCode);
world?.Dispose();
return exitCode;

int Run()
{
    try
    {
        return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }
    catch (Exception error) when (error is UsageException or FileNotFoundException or DirectoryNotFoundException
                                      or InvalidDataException or ArgumentException or NotSupportedException or System.Runtime.InteropServices.ExternalException
                                      or Pipeline.Data.DatasetException or Pipeline.Checkpoints.CheckpointException
                                      or Pipeline.Export.OnnxExportException or Pipeline.Runtime.Packages.PackageException
                                      or Pipeline.Runtime.Sessions.RuntimeLoadException or Pipeline.Runtime.Sessions.ModelFormatException
                                      or Pipeline.Tools.Export.ExportVerificationException or MpiException or DllNotFoundException)
    {
        Fail("error:", Plain(error));
        // PIPELINE_TRACE=1 adds where it happened (for bug reports).
        if (Environment.GetEnvironmentVariable("PIPELINE_TRACE") == "1") Console.Error.WriteLine(error.StackTrace);
        return 2;
    }
    catch (Pipeline.Models.TrainingDivergedException error)
    {
        Fail("diverged:", error.Message);
        return 3;
    }
    catch (Exception error) when (world is not null)
    {
        Fail("failed:", error.ToString());
        return 1;
    }
}

void Fail(string label, string message)
{
    if (world is { Rank: not 0 }) Console.Error.WriteLine($"rank {world.Rank}: {label} {message}");
    else AnsiConsole.MarkupLineInterpolated($"[red]{label}[/] {message}");
}

// An argument exception's message without the parameter name and value .NET appends: the message names them for a user.
string Plain(Exception error) =>
    error is ArgumentException { ParamName: { } name } && error.Message.IndexOf($" (Parameter '{name}')", StringComparison.Ordinal) is var at and >= 0
        ? error.Message[..at]
        : error.Message;
