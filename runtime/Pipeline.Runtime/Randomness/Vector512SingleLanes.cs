using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// <see cref="ISingleLanes{TSelf}"/> on 512-bit vectors (16 floats), used where the processor has them (AVX-512), as
/// <see cref="Vector512Lanes"/> is for doubles: <c>Vector&lt;float&gt;</c> stays at 256 bits there.
/// </summary>
internal readonly struct Vector512SingleLanes(Vector512<float> lanes) : ISingleLanes<Vector512SingleLanes>
{
    private readonly Vector512<float> lanes = lanes;

    public static bool IsHardwareAccelerated => Vector512.IsHardwareAccelerated;

    public static int Count => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes Create(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes Load(ReadOnlySpan<float> values) => new(Vector512.Create(values));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Span<float> target) => lanes.StoreUnsafe(ref MemoryMarshal.GetReference(target[..Vector512<float>.Count]));      // CopyTo's larger body overran the JIT's inlining budget in the draw's loops

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes operator +(Vector512SingleLanes a, Vector512SingleLanes b) => new(a.lanes + b.lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes operator -(Vector512SingleLanes a, Vector512SingleLanes b) => new(a.lanes - b.lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes operator *(Vector512SingleLanes a, Vector512SingleLanes b) => new(a.lanes * b.lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes operator /(Vector512SingleLanes a, Vector512SingleLanes b) => new(a.lanes / b.lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes MaxNative(Vector512SingleLanes a, Vector512SingleLanes b) => new(Vector512.MaxNative(a.lanes, b.lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HalvingSum(Vector512SingleLanes value) => LaneFolds.Sum(value.lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HalvingMax(Vector512SingleLanes value) => LaneFolds.Max(value.lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes IsZero(Vector512SingleLanes value) => new(Vector512.Equals(value.lanes, Vector512<float>.Zero));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNone(Vector512SingleLanes condition) => condition.lanes.AsUInt32() == Vector512<uint>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes Select(Vector512SingleLanes condition, Vector512SingleLanes ifTrue, Vector512SingleLanes ifFalse) =>
        new(Vector512.ConditionalSelect(condition.lanes, ifTrue.lanes, ifFalse.lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllWithin(Vector512SingleLanes value, float low, float high) =>
        Vector512.GreaterThanOrEqualAll(value.lanes, Vector512.Create(low)) && Vector512.LessThanOrEqualAll(value.lanes, Vector512.Create(high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes Floor(Vector512SingleLanes value) => new(Vector512.Floor(value.lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes ScaleByPowerOfTwo(Vector512SingleLanes value, Vector512SingleLanes k) => Avx512F.IsSupported
        ? new(Avx512F.Scale(value.lanes, k.lanes))
        : new(LaneByLane(value.lanes, k.lanes));

    /// <summary>
    /// Without AVX-512 (512-bit vectors are then never the runtime's choice, only the tests'): <see cref="Exp2.ScaleByPowerOfTwo"/>
    /// lane by lane.
    /// </summary>
    private static Vector512<float> LaneByLane(Vector512<float> value, Vector512<float> k)
    {
        Span<float> lanes = stackalloc float[Vector512<float>.Count];
        for (var i = 0; i < lanes.Length; i++) lanes[i] = Exp2.ScaleByPowerOfTwo(value[i], k[i]);
        return Vector512.Create(lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes Round(Vector512SingleLanes value) => new(Vector512.Round(value.lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes FusedMultiplyAdd(Vector512SingleLanes a, Vector512SingleLanes b, Vector512SingleLanes c) =>
        new(Vector512.FusedMultiplyAdd(a.lanes, b.lanes, c.lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512SingleLanes ZeroWhereBelow(Vector512SingleLanes value, Vector512SingleLanes x, float limit) =>
        new(Vector512.ConditionalSelect(Vector512.LessThan(x.lanes, Vector512.Create(limit)), Vector512<float>.Zero, value.lanes));
}
