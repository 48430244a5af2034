using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// <see cref="IDoubleLanes{TSelf}"/> on 512-bit vectors (8 doubles), used where the processor has them (AVX-512):
/// <c>Vector&lt;double&gt;</c> stays at 256 bits there, and the divisions then take half the instructions per value.
/// <c>DOTNET_PreferredVectorBitWidth=256</c> turns it off (the runtime then reports <c>Vector512.IsHardwareAccelerated</c>
/// false), with the same results.
/// </summary>
internal readonly struct Vector512Lanes(Vector512<double> lanes) : IDoubleLanes<Vector512Lanes>
{
    private readonly Vector512<double> lanes = lanes;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    public static int Count => Vector512<double>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lanes Create(double value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (Vector512Lanes Low, Vector512Lanes High) LoadWidened(ReadOnlySpan<float> values)
    {
        var (low, high) = Vector512.Widen(Vector512.Create(values));
        return (new(low), new(high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreNarrowed(Vector512Lanes low, Vector512Lanes high, Span<float> target) => Vector512.Narrow(low.lanes, high.lanes).CopyTo(target);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512Lanes operator /(Vector512Lanes a, Vector512Lanes b) => new(a.lanes / b.lanes);
}
