using System.Diagnostics;
using NUnit.Framework;
using Pipeline.Checkpoints;
using Pipeline.Models;
using Pipeline.Models.Autoencoders;
using Pipeline.Tests.Support;
using Pipeline.Tools.Tests.Support;
using TorchSharp;

namespace Pipeline.Tools.Tests.Distributed;

/// <summary>
/// `train --nproc 2` against one process with the same global batch, resuming with another number of processes, and a
/// killed rank. The model is the MLP autoencoder on the digits: no noise and no batch statistics, so two processes
/// taking 50 images each of a batch of 100 must follow the one-process run up to float32 summation order.
/// </summary>
[NonParallelizable]
public sealed class DataParallelTrainingTests
{
    /// <summary>Two ranks sum their halves' gradients in another order than one process sums the whole batch's (measured: 7e-8 after 30 steps).</summary>
    public const double Tolerance = 1e-6;

    private static string[] Train(int steps) =>
        ["train", "autoencoder", "--data", "digits", "--batch-size", "100", "--max-steps", steps.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    [Test]
    public void TwoProcessesFollowOneProcessWithTheSameGlobalBatch()
    {
        using var directory = new TempDirectory();
        Succeed([.. Train(30), "--out", directory.File("one.safetensors")]);
        var output = Succeed([.. Train(30), "--out", directory.File("two.safetensors"), "--nproc", "2"]);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("data-parallel: 2 processes, 50–50 images each per step"));
        var difference = MaxDifference(directory.File("one.safetensors"), directory.File("two.safetensors"));
        TestContext.Out.WriteLine($"largest difference after 30 steps: {difference:E2}");
        Assert.That(difference, Is.LessThan(Tolerance));
        Assert.That(SafeTensors.ReadMetadata(directory.File("two.safetensors"))[TrainingMetadata.Processes], Is.EqualTo("2"));
        Assert.That(directory.Files().Select(Path.GetFileName), Is.EquivalentTo(new[] { "one.safetensors", "two.safetensors" }), "rank 1 wrote nothing beside rank 0's checkpoint");
    }

    [Test]
    public void ARunResumesWithAnotherNumberOfProcesses()
    {
        using var directory = new TempDirectory();
        Succeed([.. Train(30), "--out", directory.File("straight.safetensors")]);
        Succeed([.. Train(10), "--out", directory.File("resumed.safetensors"), "--nproc", "2"]);
        Succeed([.. Train(20), "--out", directory.File("resumed.safetensors"), "--resume"]);
        Succeed([.. Train(30), "--out", directory.File("resumed.safetensors"), "--resume", "--nproc", "2"]);
        using (var resumed = Checkpoint.Load(directory.File("resumed.safetensors"), MlpAutoencoder.Kind))
            Assert.That(resumed.Step, Is.EqualTo(30));
        Assert.That(MaxDifference(directory.File("straight.safetensors"), directory.File("resumed.safetensors")), Is.LessThan(Tolerance));
    }

    /// <summary>
    /// The across-machines path: a hostfile of two hosts (network namespaces with their own addresses and hostnames),
    /// daemons launched on the second through mpirun's remote agent as ssh would, MPI's traffic on TCP between them.
    /// </summary>
    [Test]
    public void TwoHostsFollowOneProcessWithTheSameGlobalBatch()
    {
        using var network = new TwoHostNetwork();
        using var directory = new TempDirectory();
        Succeed([.. Train(30), "--out", directory.File("one.safetensors")]);
        var (code, output) = network.MpiRun([Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", Path.Combine(AppContext.BaseDirectory, "Pipeline.Tools.dll"),
            .. Train(30), "--out", directory.File("hosts.safetensors")], TimeSpan.FromMinutes(2));
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("data-parallel: 2 processes").And.Contain("rank 0 on nodea"));
        Assert.That(File.ReadAllLines(network.LaunchLog), Does.Contain("nodeb"), "mpirun started rank 1's daemon on the second host");
        Assert.That(MaxDifference(directory.File("one.safetensors"), directory.File("hosts.safetensors")), Is.LessThan(Tolerance));
    }

    [Test]
    public void KillingOneRankEndsTheJobAndNamesTheRank()
    {
        using var directory = new TempDirectory();
        var marker = Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment = { ["PIPELINE_TEST_MARKER"] = marker },
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "Pipeline.Tools.dll"), "train", "autoencoder", "--data", "digits",
                     "--batch-size", "100", "--epochs", "1000", "--out", directory.File("killed.safetensors"), "--nproc", "2" })
            start.ArgumentList.Add(argument);
        using var job = Process.Start(start)!;
        var output = job.StandardOutput.ReadToEndAsync();
        var errors = job.StandardError.ReadToEndAsync();
        var victim = WaitForRank(marker, rank: 1, TimeSpan.FromSeconds(60));
        Thread.Sleep(TimeSpan.FromSeconds(3));   // well into training: the ranks meet in an all-reduce every step
        Assert.That(job.HasExited, Is.False, "the job ran until the kill");
        var clock = Stopwatch.StartNew();
        victim.Kill();   // SIGKILL: rank 1 leaves no word
        var ended = job.WaitForExit(TimeSpan.FromSeconds(30));
        if (!ended) job.Kill(entireProcessTree: true);
        Assert.That(ended, Is.True, "the job ended within 30 s of the kill");
        TestContext.Out.WriteLine($"the job ended {clock.Elapsed.TotalSeconds:F1} s after rank 1 was killed");
        var text = ToolsProcess.Flat(output.Result + errors.Result);
        Assert.That(job.ExitCode, Is.Not.EqualTo(0));
        Assert.That(text, Does.Contain("rank 1 of 2 died"));
        Assert.That(text, Does.Contain("signal 9"));
        Assert.That(FindRanks(marker), Is.Empty, "no rank is left running");
    }

    [Test]
    public void AGlobalBatchTooSmallToShareIsRefusedBeforeAnyRankStarts()
    {
        var (code, output) = ToolsProcess.Run(["train", "autoencoder", "--data", "digits", "--batch-size", "1", "--nproc", "2", "--out", Path.Combine(Path.GetTempPath(), "never.safetensors")]);
        Assert.That(code, Is.EqualTo(2), output);
        Assert.That(ToolsProcess.Flat(output), Does.Contain("--batch-size 1 cannot be shared by 2 processes").And.Not.Contain("mpirun"));
    }

    /// <summary>Runs the tools with <paramref name="arguments"/>, which must succeed; returns their output.</summary>
    private static string Succeed(string[] arguments)
    {
        var (code, output) = ToolsProcess.Run(arguments);
        Assert.That(code, Is.EqualTo(0), output);
        return output;
    }

    /// <summary>The largest absolute difference between two checkpoints' float tensors (weights and Adam's moments).</summary>
    public static double MaxDifference(string expected, string actual)
    {
        using var a = SafeTensors.Read(expected);
        using var b = SafeTensors.Read(actual);
        Assert.That(b.Tensors.Keys, Is.EquivalentTo(a.Tensors.Keys));
        var largest = 0.0;
        foreach (var (name, tensor) in a.Tensors.Where(t => t.Value.dtype == torch.ScalarType.Float32))
            largest = Math.Max(largest, (tensor - b.Tensors[name]).abs().max().item<float>());
        return largest;
    }

    private static Process WaitForRank(string marker, int rank, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (FindRanks(marker).Where(r => r.Rank == rank).Select(r => (int?)r.Pid).FirstOrDefault() is int pid) return Process.GetProcessById(pid);
            Thread.Sleep(200);
        }
        Assert.Fail($"rank {rank} did not start within {limit}");
        return null!;
    }

    /// <summary>The live processes mpirun started for this test (its marker in their environment) and their ranks.</summary>
    private static List<(int Pid, int Rank)> FindRanks(string marker)
    {
        var found = new List<(int, int)>();
        foreach (var folder in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
            string[] variables;
            try
            {
                variables = File.ReadAllText(Path.Combine(folder, "environ")).Split('\0');
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (!variables.Contains($"PIPELINE_TEST_MARKER={marker}")) continue;
            if (variables.FirstOrDefault(v => v.StartsWith("OMPI_COMM_WORLD_RANK=", StringComparison.Ordinal)) is { } rank
                && File.Exists(Path.Combine(folder, "exe")) && Path.GetFileName(File.ResolveLinkTarget(Path.Combine(folder, "exe"), false)?.FullName ?? "") == "dotnet")
                found.Add((pid, int.Parse(rank.Split('=')[1], System.Globalization.CultureInfo.InvariantCulture)));
        }
        return found;
    }
}
