using System.Diagnostics;
using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;
using TorchSharp;

namespace Pipeline.Tools.Tests.Commands;

/// <summary>
/// `tools/pipeline train` killed with SIGKILL at random moments: the checkpoint on disk is always whole (it loads, its data
/// matches its hash), `--resume` continues from it, and the resumed run ends with exactly the parameters, optimizer
/// states and noise state of an uninterrupted run. PIPELINE_KILL_TRIALS sets the number of trials (3 in `make test`, one per kind;
/// the README's figures come from 20).
/// </summary>
public sealed class KilledTrainingTests
{
    /// <summary>Small runs of three kinds: one optimizer, one with per-step noise, two players (and mid-epoch checkpoints).</summary>
    private static readonly string[][] Runs =
    [
        ["autoencoder", "--data", "digits", "--epochs", "2", "--batch-size", "100", "--checkpoint-every", "25"],
        ["vae-mlp", "--data", "digits", "--epochs", "2", "--batch-size", "100", "--checkpoint-every", "25"],
        ["gan", "--data", "digits", "--channels", "4", "--latent", "8", "--k", "2", "--epochs", "1", "--batch-size", "100",
         "--checkpoint-every", "20", "--preview-every", "0", "--recall-every", "0"],
    ];

    [Test]
    public void RunsKilledAtRandomMomentsResumeToTheParametersOfAnUninterruptedRun()
    {
        var trials = int.TryParse(Environment.GetEnvironmentVariable("PIPELINE_KILL_TRIALS"), out var n) ? n : 3;
        using var directory = new TempDirectory();
        var random = new Random(20261205);
        var references = new Dictionary<int, (string Path, TimeSpan Duration)>();
        var log = new List<string>();
        for (var trial = 0; trial < trials; trial++)
        {
            var run = trial % Runs.Length;
            if (!references.TryGetValue(run, out var reference))
            {
                var clock = Stopwatch.StartNew();
                var path = directory.File($"reference-{run}.safetensors");
                var (code, output) = ToolsProcess.Run([.. Train(run), "--out", path]);
                Assert.That(code, Is.EqualTo(0), output);
                references[run] = reference = (path, clock.Elapsed);
            }
            var checkpoint = directory.File($"trial-{trial}.safetensors");
            var killAfter = TimeSpan.FromSeconds(1 + random.NextDouble() * reference.Duration.TotalSeconds);
            var killed = StartAndKill([.. Train(run), "--out", checkpoint], killAfter);
            long? stepAtKill = null;
            if (File.Exists(checkpoint))
            {
                using var whole = Checkpoint.Load(checkpoint, Checkpoint.ReadKind(checkpoint));   // whole: it loads and its data matches its hash
                stepAtKill = whole.Step;
            }
            var (resumeCode, resumeOutput) = ToolsProcess.Run([.. Train(run), "--out", checkpoint, "--resume"]);
            Assert.That(resumeCode, Is.EqualTo(0), resumeOutput);
            Assert.That(Directory.GetFiles(directory.Path, $".trial-{trial}.*"), Is.Empty, "no temporary file is left after the resumed run");
            AssertSameTensors(reference.Path, checkpoint, $"trial {trial} ({Runs[run][0]}, killed after {killAfter.TotalSeconds:F1} s, checkpoint at step {stepAtKill?.ToString() ?? "none"}, killed {killed})");
            log.Add($"{Runs[run][0]}: killed after {killAfter.TotalSeconds:F1} s{(killed ? "" : " (had finished)")}, checkpoint at step {stepAtKill?.ToString() ?? "none"}");
        }
        TestContext.Out.WriteLine(string.Join("\n", log));
    }

    private static string[] Train(int run) => ["train", .. Runs[run]];

    /// <summary>Starts the tools and kills the process (SIGKILL) after <paramref name="after"/>; false when it had already exited.</summary>
    private static bool StartAndKill(string[] arguments, TimeSpan after)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pipeline.Tools.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        if (process.WaitForExit(after)) return false;
        process.Kill(entireProcessTree: true);   // SIGKILL on Linux: no handler runs
        process.WaitForExit();
        return true;
    }

    /// <summary>
    /// Every tensor of the two checkpoints (model, optimizers, noise state) is bit for bit the same: the same names in the
    /// same order, and the same SHA-256 of their bytes (each checkpoint records its own).
    /// </summary>
    private static void AssertSameTensors(string expected, string actual, string what)
    {
        using var a = SafeTensors.Read(expected);
        using var b = SafeTensors.Read(actual);
        Assert.That(b.Tensors.Keys, Is.EqualTo(a.Tensors.Keys), what);
        Assert.That(b.Metadata[SafeTensors.DataHashKey], Is.EqualTo(a.Metadata[SafeTensors.DataHashKey]), what);
    }
}
