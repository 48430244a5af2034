using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pipeline.Runtime.Randomness;

/// <summary><see cref="IDoubleLanes{TSelf}"/> on <c>Vector&lt;double&gt;</c>, the width the runtime picks for the processor (256 bits on x64, 128 on Arm).</summary>
internal readonly struct VectorLanes(Vector<double> lanes) : IDoubleLanes<VectorLanes>
{
    private readonly Vector<double> lanes = lanes;

    public static bool IsHardwareAccelerated => Vector.IsHardwareAccelerated;

    public static int Count => Vector<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes Create(double value) => new(new Vector<double>(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (VectorLanes Low, VectorLanes High) LoadWidened(ReadOnlySpan<float> values)
    {
        Vector.Widen(new Vector<float>(values), out var low, out var high);
        return (new(low), new(high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed(VectorLanes low, VectorLanes high, Span<float> target) => Vector.Narrow(low.lanes, high.lanes).CopyTo(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorLanes operator /(VectorLanes a, VectorLanes b) => new(a.lanes / b.lanes);
}
