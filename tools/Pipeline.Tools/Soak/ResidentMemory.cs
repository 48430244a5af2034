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

    /// <summary>
    /// <see cref="Bytes"/> after a full, blocking, compacting collection (finalizers run, then a second collection for what they
    /// freed), so two readings compare what the process keeps rather than how much garbage the collector let pile up before
    /// each. Call only where no TorchSharp call is in flight (a progress report between training steps): it ends a
    /// <c>CollectionPause</c> region, which the next safe point starts again.
    /// </summary>
    public static long BytesAfterFullCollection()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return Bytes();
    }
}
