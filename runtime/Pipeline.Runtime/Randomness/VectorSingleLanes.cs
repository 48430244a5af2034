using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Pipeline.Runtime.Randomness;

/// <summary><see cref="ISingleLanes{TSelf}"/> on <c>Vector&lt;float&gt;</c>, the width the runtime picks for the processor (256 bits on x64, 128 on Arm).</summary>
internal readonly struct VectorSingleLanes(Vector<float> lanes) : ISingleLanes<VectorSingleLanes>
{
    private readonly Vector<float> lanes = lanes;

    public static bool IsHardwareAccelerated => Vector.IsHardwareAccelerated;

    public static int Count => Vector<float>.Count;

    /// <summary>The vector itself.</summary>
    public Vector<float> Lanes => lanes;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes Create(float value) => new(new Vector<float>(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes Load(ReadOnlySpan<float> values) => new(new Vector<float>(values));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Span<float> target) => lanes.StoreUnsafe(ref MemoryMarshal.GetReference(target[..Vector<float>.Count]));      // CopyTo's larger body overran the JIT's inlining budget in the draw's loops

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes operator +(VectorSingleLanes a, VectorSingleLanes b) => new(a.lanes + b.lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes operator -(VectorSingleLanes a, VectorSingleLanes b) => new(a.lanes - b.lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes operator *(VectorSingleLanes a, VectorSingleLanes b) => new(a.lanes * b.lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes operator /(VectorSingleLanes a, VectorSingleLanes b) => new(a.lanes / b.lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes MaxNative(VectorSingleLanes a, VectorSingleLanes b) => new(Vector.MaxNative(a.lanes, b.lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HalvingSum(VectorSingleLanes value) => Vector<float>.Count switch
    {
        16 => LaneFolds.Sum(value.lanes.AsVector512()),
        8 => LaneFolds.Sum(value.lanes.AsVector256()),
        4 => LaneFolds.Sum(value.lanes.AsVector128()),
        _ => LaneByLane(value.lanes, max: false),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HalvingMax(VectorSingleLanes value) => Vector<float>.Count switch
    {
        16 => LaneFolds.Max(value.lanes.AsVector512()),
        8 => LaneFolds.Max(value.lanes.AsVector256()),
        4 => LaneFolds.Max(value.lanes.AsVector128()),
        _ => LaneByLane(value.lanes, max: true),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes IsZero(VectorSingleLanes value) => new(Vector.AsVectorSingle(Vector.Equals(value.lanes, Vector<float>.Zero)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNone(VectorSingleLanes condition) => Vector.AsVectorUInt32(condition.lanes) == Vector<uint>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes Select(VectorSingleLanes condition, VectorSingleLanes ifTrue, VectorSingleLanes ifFalse) =>
        new(Vector.ConditionalSelect(condition.lanes, ifTrue.lanes, ifFalse.lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllWithin(VectorSingleLanes value, float low, float high) =>
        Vector.GreaterThanOrEqualAll(value.lanes, new Vector<float>(low)) && Vector.LessThanOrEqualAll(value.lanes, new Vector<float>(high));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes Floor(VectorSingleLanes value) => new(Vector.Floor(value.lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes Round(VectorSingleLanes value) => new(Vector.Round(value.lanes));

    /// <summary>Two exact powers of two, each half of ⌊k⌋ clamped to [−252, 254], as <see cref="Exp2.ScaleByPowerOfTwo"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes ScaleByPowerOfTwo(VectorSingleLanes value, VectorSingleLanes k)
    {
        var n = Vector.ConvertToInt32Native(Vector.Min(Vector.Max(Vector.Floor(k.lanes), new Vector<float>(-252)), new Vector<float>(254)));
        var half = Vector.ShiftRightArithmetic(n, 1);
        return new(value.lanes * PowerOfTwo(half) * PowerOfTwo(n - half));

        static Vector<float> PowerOfTwo(Vector<int> m) => Vector.AsVectorSingle(Vector.ShiftLeft(m + new Vector<int>(127), 23));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes FusedMultiplyAdd(VectorSingleLanes a, VectorSingleLanes b, VectorSingleLanes c) =>
        new(Vector.FusedMultiplyAdd(a.lanes, b.lanes, c.lanes));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes ZeroWhereBelow(VectorSingleLanes value, VectorSingleLanes x, float limit) =>
        new(Vector.AndNot(value.lanes, Vector.AsVectorSingle(Vector.LessThan(x.lanes, new Vector<float>(limit)))));


    /// <summary>The fold in memory, for widths it has no vector form of (any other than 4, 8 or 16 lanes).</summary>
    private static float LaneByLane(Vector<float> lanes, bool max)
    {
        Span<float> values = stackalloc float[Vector<float>.Count];
        lanes.CopyTo(values);
        return max ? LaneFolds.Max(values) : LaneFolds.Sum(values);
    }
}
