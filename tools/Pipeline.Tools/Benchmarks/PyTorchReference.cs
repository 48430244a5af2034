using System.Diagnostics;
using System.Text.Json;

namespace Pipeline.Tools.Benchmarks;

/// <summary>Runs a reference script under Debian's python3-torch, when it is installed.</summary>
internal static class PyTorchReference
{
    /// <summary>
    /// Debian's interpreter, which has python3-torch (a python3 earlier on PATH may not), or the one PIPELINE_PYTHON names
    /// (a CUDA PyTorch's, on a GPU machine).
    /// </summary>
    public static string Python => Environment.GetEnvironmentVariable("PIPELINE_PYTHON") is { Length: > 0 } python ? python : "/usr/bin/python3";

    public static bool IsAvailable()
    {
        if (!File.Exists(Python)) return false;
        var (code, _, _) = Run("-c \"import torch\"");
        return code == 0;
    }

    /// <summary>Runs the script (next to this program) and parses the JSON line it prints.</summary>
    public static JsonElement RunScript(string script, params object[] arguments)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Benchmarks", script);
        var (code, output, error) = Run($"\"{path}\" {string.Join(' ', arguments)}");
        if (code != 0) throw new InvalidOperationException($"the PyTorch reference failed (exit {code}): {error.Trim()}");
        return JsonDocument.Parse(output.Trim().Split('\n').Last()).RootElement.Clone();
    }

    private static (int Code, string Output, string Error) Run(string arguments)
    {
        var info = new ProcessStartInfo(Python, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["PYTHONUNBUFFERED"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Python}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }
}
