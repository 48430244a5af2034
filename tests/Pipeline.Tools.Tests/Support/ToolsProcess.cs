using System.Diagnostics;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace Pipeline.Tools.Tests.Support;

/// <summary>Runs the built command-line tools (Pipeline.Tools.dll, copied beside the tests) in a separate process.</summary>
internal static class ToolsProcess
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>Runs `Pipeline.Tools <paramref name="arguments"/>`; returns the exit code and stdout and stderr together.</summary>
    public static (int ExitCode, string Output) Run(params string[] arguments) => RunWith(new Dictionary<string, string>(), arguments);

    /// <summary><see cref="Run"/> with these environment variables set for the tools' process (e.g. the JIT's DOTNET_ switches).</summary>
    public static (int ExitCode, string Output) RunWith(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        RunProgram(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
                   [Path.Combine(AppContext.BaseDirectory, "Pipeline.Tools.dll"), .. arguments], Limit, environment: environment);

    /// <summary>Runs <paramref name="program"/> (in <paramref name="workingDirectory"/> if given), failing the test past <paramref name="limit"/>.</summary>
    public static (int ExitCode, string Output) RunProgram(string program, IEnumerable<string> arguments, TimeSpan limit, string? workingDirectory = null,
                                                           IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', start.ArgumentList)} ran past {limit}");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>The output without colour codes (the console may add them even when redirected) and line breaks (it may wrap).</summary>
    public static string Flat(string output) => Regex.Replace(output, "\u001b\\[[0-9;]*m", "").Replace("\r", "").Replace("\n", "");

    /// <summary>The output without any whitespace, for a message the console may wrap at any of its spaces (dropping that space).</summary>
    public static string Compact(string output) => Regex.Replace(Flat(output), @"\s+", "");
}
