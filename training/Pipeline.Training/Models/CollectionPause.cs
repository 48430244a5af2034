using System.Runtime;

namespace Pipeline.Models;

/// <summary>
/// Works around a TorchSharp 0.107 lifetime bug: its tensor methods take a <c>Scalar</c> (made implicitly from a double,
/// e.g. in Adam's <c>mul_(β₁)</c>) and pass its native handle to libtorch without keeping the object alive, so a garbage
/// collection while libtorch runs can finalize the Scalar and free what libtorch is reading (seen here as libtorch's
/// "Expected false to be true … toFloat/toDouble" and a dead process, one long run in a few). Loops that call TorchSharp
/// call <see cref="SafePoint"/> between steps, where no such call is in flight: it keeps the process in a no-GC region
/// (<see cref="GC.TryStartNoGCRegion(long)"/>) with a budget far above a step's managed allocations (0.4–0.6 MB measured
/// on the flows here) and renews it there, so collections run only at safe points. One renewal is one blocking collection
/// of a small heap (about 3.5 ms measured) every few hundred steps. <see cref="End"/> gives the collector back. The
/// <see cref="Pipeline.Data.DataLoader"/> calls both (before each batch, and when an epoch's enumeration ends), so every
/// loop over batches, training or evaluation, is covered.
/// </summary>
public static class CollectionPause
{
    private const long Budget = 256L << 20;
    private const long RenewAfter = 192L << 20;
    private static long allocatedAtStart;

    /// <summary>Enters the no-GC region, or renews it when most of its budget is spent; call only between TorchSharp calls.</summary>
    public static void SafePoint()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            if (GC.GetTotalAllocatedBytes() - allocatedAtStart < RenewAfter) return;
            GC.EndNoGCRegion();
        }
        allocatedAtStart = GC.GetTotalAllocatedBytes();
        // false (or a region ended early by a large allocation) leaves collections as usual until the next safe point.
        GC.TryStartNoGCRegion(Budget);
    }

    /// <summary>Leaves the no-GC region, if the process is in one.</summary>
    public static void End()
    {
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
    }
}
