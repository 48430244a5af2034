using System.Diagnostics;
using System.Text;

namespace Pipeline.Tools.Distributed;

/// <summary>
/// Starts N local copies of this program through Open MPI's mpirun (what `train --nproc N` does): oversubscribed, since
/// ranks may outnumber cores (each rank then takes its share of the cores), unbound, and allowed to run as root (mpirun
/// refuses root by default; containers and CI run as root). When a rank dies mpirun ends the others at once; the
/// launcher then says which rank failed and how. The ranks see TERM=dumb: their output reaches the user through mpirun.
/// </summary>
internal static class MpiLauncher
{
    /// <summary>This program (dotnet and the tools' assembly) with <paramref name="arguments"/>.</summary>
    public static IReadOnlyList<string> ThisProgram(params IEnumerable<string> arguments) =>
        [Environment.ProcessPath ?? "dotnet", Environment.GetCommandLineArgs()[0], .. arguments];

    /// <summary>The process's own command line (<see cref="ThisProgram"/> with its arguments) without <paramref name="option"/> and its value.</summary>
    public static IReadOnlyList<string> ThisCommandWithout(string option)
    {
        var arguments = Environment.GetCommandLineArgs().Skip(1).ToList();
        var kept = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == option) i++;
            else if (!arguments[i].StartsWith(option + "=", StringComparison.Ordinal)) kept.Add(arguments[i]);
        }
        return ThisProgram(kept);
    }

    /// <summary>
    /// Runs <paramref name="command"/> as <paramref name="processes"/> ranks and waits; every line the ranks and mpirun
    /// print goes to <paramref name="onLine"/> (the console when null). Returns mpirun's exit code and, when it failed,
    /// the rank that ended the job.
    /// </summary>
    public static (int ExitCode, RankFailure? Failure) Run(int processes, IReadOnlyList<string> command, Action<string, bool>? onLine = null)
    {
        var mpirun = FindOnPath("mpirun")
            ?? throw new UsageException("--nproc needs Open MPI's mpirun, which is not installed: run `make setup` (it installs openmpi-bin), or train with --nproc 1");
        var start = new ProcessStartInfo(mpirun) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in Options(processes).Concat(command)) start.ArgumentList.Add(argument);
        var output = new StringBuilder();
        onLine ??= (line, error) => (error ? Console.Error : Console.Out).WriteLine(line);
        using var process = new Process { StartInfo = start };
        void Forward(string? line, bool error)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            onLine(line, error);
        }
        process.OutputDataReceived += (_, e) => Forward(e.Data, false);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        return (process.ExitCode, process.ExitCode == 0 ? null : RankFailure.Find(output.ToString()));
    }

    /// <summary>mpirun's options for N ranks on this machine.</summary>
    public static IEnumerable<string> Options(int processes)
    {
        yield return "-np";
        yield return processes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        yield return "--oversubscribe";
        yield return "--bind-to";
        yield return "none";
        if (Environment.UserName == "root") yield return "--allow-run-as-root";
        // mpirun gives each rank a pseudo-terminal for its output, and .NET's console would write terminal set-up codes to it.
        yield return "-x";
        yield return "TERM=dumb";
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program)).FirstOrDefault(File.Exists);
}
