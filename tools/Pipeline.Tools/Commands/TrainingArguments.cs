using System.CommandLine;
using Pipeline.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Pipeline.Tools.Commands;

/// <summary>The options every `train` command takes, turned into validated <see cref="TrainingOptions"/>.</summary>
internal sealed class TrainingArguments
{
    private readonly Option<int> epochs;
    private readonly Option<int> batchSize;
    private readonly Option<double> learningRate;
    private readonly Option<int> seed;
    private readonly Option<long?> maxSteps;
    private readonly Option<string> output;
    private readonly Option<bool> resume;
    private readonly Option<bool> overwrite;
    private readonly Option<string> device;
    private readonly Option<long?> checkpointEvery;
    private readonly Option<int> processes;

    public TrainingArguments(string defaultOutput, int epochs, int batchSize, double learningRate)
    {
        this.epochs = new Option<int>("--epochs") { Description = "passes over the training set", DefaultValueFactory = _ => epochs };
        this.batchSize = new Option<int>("--batch-size") { Description = "images per step", DefaultValueFactory = _ => batchSize };
        this.learningRate = new Option<double>("--lr") { Description = "Adam learning rate", DefaultValueFactory = _ => learningRate };
        seed = new Option<int>("--seed") { Description = "seed of initialization and shuffling", DefaultValueFactory = _ => 1 };
        maxSteps = new Option<long?>("--max-steps") { Description = "stop after this many steps (quick runs)" };
        output = new Option<string>("--out") { Description = "checkpoint file (safetensors), written after every epoch", DefaultValueFactory = _ => defaultOutput };
        resume = new Option<bool>("--resume") { Description = "continue from the checkpoint at --out if it exists" };
        overwrite = new Option<bool>("--overwrite") { Description = "start from step 0 and replace the checkpoint at --out if one exists (without it, an existing checkpoint is refused)" };
        device = new Option<string>("--device") { Description = "cpu, cuda or cuda:N", DefaultValueFactory = _ => "cpu" };
        checkpointEvery = new Option<long?>("--checkpoint-every") { Description = "also write the checkpoint every this many steps (a crash loses at most that many)" };
        processes = new Option<int>("--nproc") { Description = "train data-parallel in this many local processes, started through mpirun (--batch-size stays the global batch)", DefaultValueFactory = _ => 1 };
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { epochs, batchSize, learningRate, seed, maxSteps, output, resume, overwrite, device, checkpointEvery, processes })
            command.Add(option);
    }

    public TrainingOptions Read(ParseResult result)
    {
        var options = new TrainingOptions
        {
            Epochs = result.GetValue(epochs),
            BatchSize = result.GetValue(batchSize),
            LearningRate = result.GetValue(learningRate),
            Seed = result.GetValue(seed),
            MaxSteps = result.GetValue(maxSteps),
            CheckpointPath = result.GetValue(output),
            Resume = result.GetValue(resume),
            Device = ParseDevice(result.GetValue(device) ?? "cpu"),
            CheckpointEvery = result.GetValue(checkpointEvery),
        };
        options.Validate();
        CheckOutput(options, result.GetValue(overwrite));
        return options;
    }

    /// <summary>
    /// A run from step 0 would replace an existing checkpoint at --out with its own after its first epoch: that takes
    /// --overwrite, and --resume continues the existing one instead.
    /// </summary>
    private static void CheckOutput(TrainingOptions options, bool overwrite)
    {
        if (options.Resume && overwrite)
            throw new UsageException("--resume continues the checkpoint at --out and --overwrite replaces it: pass one of them");
        if (!options.Resume && !overwrite && options.CheckpointPath is { } path && File.Exists(path))
            throw new UsageException($"--out {path} already holds a checkpoint, which this run from step 0 would replace: pass --resume to continue it, " +
                "--overwrite to train again from scratch and replace it, or another --out");
    }

    /// <summary>--nproc: how many processes train together (1: this one alone).</summary>
    public int Processes(ParseResult result)
    {
        var count = result.GetValue(processes);
        return count >= 1 ? count : throw new UsageException($"--nproc {count} is not a number of processes: pass 1 or more");
    }

    /// <summary>"cpu", "cuda" or "cuda:N" as a TorchSharp device; anything else is a usage error naming the choices.</summary>
    private static Device ParseDevice(string text)
    {
        var match = System.Text.RegularExpressions.Regex.Match(text, "^(cpu|cuda)(:([0-9]+))?$");
        if (!match.Success || (match.Groups[1].Value == "cpu" && match.Groups[2].Success))
            throw new UsageException($"--device '{text}' is not a device: pass cpu, cuda or cuda:N");
        return match.Groups[3].Success ? new Device(DeviceType.CUDA, int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture))
            : match.Groups[1].Value == "cpu" ? CPU : new Device(DeviceType.CUDA);
    }
}
