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
    public static VectorSingleLanes ScaleByPowerOfTwo(VectorSingleLanes value, VectorSingleLanes k) =>
        new(value.lanes * Vector.AsVectorSingle(Vector.ShiftLeft(Vector.ConvertToInt32Native(Vector.Floor(k.lanes)) + new Vector<int>(127), 23)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes FusedMultiplyAdd(VectorSingleLanes a, VectorSingleLanes b, VectorSingleLanes c) =>
        new(Vector.FusedMultiplyAdd(a.lanes, b.lanes, c.lanes));

    /// <summary>On AVX2's 8 lanes, the table's two halves permuted and the lane's bit 3 choosing between them; else lane by lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes LookUp(ReadOnlySpan<float> table, VectorSingleLanes indices)
    {
        if (Avx2.IsSupported && Vector<float>.Count == 8)
        {
            var index = indices.lanes.AsVector256().AsInt32();
            var low = Avx2.PermuteVar8x32(Vector256.Create(table), index);
            var high = Avx2.PermuteVar8x32(Vector256.Create(table.Slice(8)), index);
            return new(Avx.BlendVariable(low, high, Avx2.ShiftLeftLogical(index, 28).AsSingle()).AsVector());     // bit 3 into the sign
        }
        return LookUpLaneByLane(table, indices.lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorSingleLanes ZeroWhereBelow(VectorSingleLanes value, VectorSingleLanes x, float limit) =>
        new(Vector.AndNot(value.lanes, Vector.AsVectorSingle(Vector.LessThan(x.lanes, new Vector<float>(limit)))));

    /// <summary><see cref="LookUp"/> in memory, for processors without AVX2.</summary>
    private static VectorSingleLanes LookUpLaneByLane(ReadOnlySpan<float> table, Vector<float> indices)
    {
        Span<float> values = stackalloc float[Vector<float>.Count];
        var bits = Vector.AsVectorInt32(indices);
        for (var i = 0; i < values.Length; i++) values[i] = table[bits[i] & 15];
        return new(new Vector<float>(values));
    }

    /// <summary>The fold in memory, for widths it has no vector form of (any other than 4, 8 or 16 lanes).</summary>
    private static float LaneByLane(Vector<float> lanes, bool max)
    {
        Span<float> values = stackalloc float[Vector<float>.Count];
        lanes.CopyTo(values);
        return max ? LaneFolds.Max(values) : LaneFolds.Sum(values);
    }
}
