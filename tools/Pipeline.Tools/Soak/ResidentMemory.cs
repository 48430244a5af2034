namespace Pipeline.Tools.Soak;

/// <summary>The process's resident memory (VmRSS of /proc/self/status; the working set where there is no /proc).</summary>
public static class ResidentMemory
{
    public static long Bytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            return process.WorkingSet64;
        }
        var line = File.ReadLines(status).First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }
}
