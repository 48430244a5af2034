using System.Diagnostics;
using NUnit.Framework;

namespace Pipeline.Tests.Support;

/// <summary>Runs inline scripts with Debian's Python; tests that need a module it lacks are ignored.</summary>
public static class Python
{
    private const string Interpreter = "/usr/bin/python3";

    /// <summary>Ignores the calling test unless /usr/bin/python3 is installed.</summary>
    public static void Require()
    {
        if (!File.Exists(Interpreter)) Assert.Ignore($"{Interpreter} is not installed (make setup installs it)");
    }

    /// <summary>Ignores the calling test unless /usr/bin/python3 can import <paramref name="module"/>.</summary>
    public static void Require(string module, string aptPackage)
    {
        if (!File.Exists(Interpreter)) Assert.Ignore($"{Interpreter} is not installed (make setup installs it)");
        if (Run($"import {module}", []).ExitCode != 0)
            Assert.Ignore($"{Interpreter} cannot import {module}: apt-get install {aptPackage} (make setup does)");
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> (as sys.argv[1:]); returns the exit code and output.</summary>
    public static (int ExitCode, string Output, string Error) Run(string script, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }

    /// <summary>Runs the script and returns its standard output, failing the test when it fails.</summary>
    public static string Output(string script, params string[] arguments)
    {
        var (code, output, error) = Run(script, arguments);
        Assert.That(code, Is.EqualTo(0), $"python failed:\n{error}");
        return output;
    }
}
