using System.Runtime;

namespace Pipeline.Data;

/// <summary>
/// Works around a TorchSharp 0.107 lifetime bug: its tensor methods take a <c>Scalar</c> (made implicitly from a double,
/// e.g. in Adam's <c>mul_(β₁)</c>) and pass its native handle to libtorch without keeping the object alive, so a garbage
/// collection while libtorch runs can finalize the Scalar and free what libtorch is reading (seen here as libtorch's
/// "Expected false to be true … toFloat/toDouble" and a dead process, one long run in a few). A loop that calls TorchSharp
/// holds a <see cref="Enter">pause</see> and calls <see cref="SafePoint"/> between steps, where no such call is in flight:
/// the process stays in a no-GC region (<see cref="GC.TryStartNoGCRegion(long)"/>) whose budget (256 MB) is far above a
/// step's managed allocations (0.4–0.6 MB measured on the flows) and which is renewed at safe points once half of it is
/// spent, so collections run only there (one renewal is one blocking collection of a small heap, 0.2–3.5 ms measured).
/// Pauses nest (an evaluation loop inside a training loop); the region ends when the outermost one is disposed. The
/// <see cref="DataLoader"/> holds one while its batches are enumerated and calls <see cref="SafePoint"/> before each
/// batch, so every loop over batches, training or evaluation, is covered.
/// </summary>
public static class CollectionPause
{
    private const long Budget = 256L << 20;
    private const long RenewAfter = 128L << 20;
    private static readonly Lock Gate = new();
    private static int depth;
    private static long allocatedAtStart;

    /// <summary>Starts (or joins) a pause; dispose it when the loop ends.</summary>
    public static IDisposable Enter()
    {
        lock (Gate)
        {
            if (depth++ == 0) Start();
        }
        return new Pause();
    }

    /// <summary>Renews the region when half its budget is spent (or a large allocation ended it); call only between TorchSharp calls.</summary>
    public static void SafePoint()
    {
        lock (Gate)
        {
            if (depth == 0) return;
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion && GC.GetTotalAllocatedBytes() - allocatedAtStart < RenewAfter) return;
            Stop();
            Start();
        }
    }

    private static void Start()
    {
        allocatedAtStart = GC.GetTotalAllocatedBytes();
        try
        {
            // false (or a region ended early by a large allocation) leaves collections as usual until the next safe point.
            GC.TryStartNoGCRegion(Budget);
        }
        catch (ArgumentOutOfRangeException)
        {
            // A heap hard limit (a container's) below the budget: collect as usual.
        }
    }

    private static void Stop()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
    }

    private static void Leave()
    {
        lock (Gate)
        {
            if (--depth == 0) Stop();
        }
    }

    /// <summary>One holder's share of the pause.</summary>
    private sealed class Pause : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) Leave();
        }
    }
}
