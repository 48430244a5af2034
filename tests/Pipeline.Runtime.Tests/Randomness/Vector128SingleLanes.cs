using System.Runtime.Intrinsics;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Tests.Randomness;

/// <summary>
/// <see cref="ISingleLanes{TSelf}"/> on 128-bit vectors: the width <c>Vector&lt;float&gt;</c> has on Arm (edge devices),
/// so that its folds of 4 lanes run, and are checked, on x64 too.
/// </summary>
internal readonly struct Vector128SingleLanes(Vector128<float> lanes) : ISingleLanes<Vector128SingleLanes>
{
    private readonly Vector128<float> lanes = lanes;

    public static bool IsHardwareAccelerated => Vector128.IsHardwareAccelerated;

    public static int Count => Vector128<float>.Count;

    public static Vector128SingleLanes Create(float value) => new(Vector128.Create(value));

    public static Vector128SingleLanes Load(ReadOnlySpan<float> values) => new(Vector128.Create(values));

    public void Store(Span<float> target) => lanes.CopyTo(target);

    public static Vector128SingleLanes operator +(Vector128SingleLanes a, Vector128SingleLanes b) => new(a.lanes + b.lanes);

    public static Vector128SingleLanes operator -(Vector128SingleLanes a, Vector128SingleLanes b) => new(a.lanes - b.lanes);

    public static Vector128SingleLanes operator *(Vector128SingleLanes a, Vector128SingleLanes b) => new(a.lanes * b.lanes);

    public static Vector128SingleLanes operator /(Vector128SingleLanes a, Vector128SingleLanes b) => new(a.lanes / b.lanes);

    public static Vector128SingleLanes MaxNative(Vector128SingleLanes a, Vector128SingleLanes b) => new(Vector128.MaxNative(a.lanes, b.lanes));

    public static float HalvingSum(Vector128SingleLanes value) => LaneFolds.Sum(value.lanes);

    public static float HalvingMax(Vector128SingleLanes value) => LaneFolds.Max(value.lanes);

    public static Vector128SingleLanes IsZero(Vector128SingleLanes value) => new(Vector128.Equals(value.lanes, Vector128<float>.Zero));

    public static bool IsNone(Vector128SingleLanes condition) => condition.lanes.AsUInt32() == Vector128<uint>.Zero;

    public static Vector128SingleLanes Select(Vector128SingleLanes condition, Vector128SingleLanes ifTrue, Vector128SingleLanes ifFalse) =>
        new(Vector128.ConditionalSelect(condition.lanes, ifTrue.lanes, ifFalse.lanes));

    public static bool AllWithin(Vector128SingleLanes value, float low, float high) =>
        Vector128.GreaterThanOrEqualAll(value.lanes, Vector128.Create(low)) && Vector128.LessThanOrEqualAll(value.lanes, Vector128.Create(high));

    public static Vector128SingleLanes Floor(Vector128SingleLanes value) => new(Vector128.Floor(value.lanes));

    public static Vector128SingleLanes Round(Vector128SingleLanes value) => new(Vector128.Round(value.lanes));

    public static Vector128SingleLanes ScaleByPowerOfTwo(Vector128SingleLanes value, Vector128SingleLanes k)
    {
        var n = Vector128.ConvertToInt32Native(Vector128.Min(Vector128.Max(Vector128.Floor(k.lanes), Vector128.Create(-252f)), Vector128.Create(254f)));
        var half = Vector128.ShiftRightArithmetic(n, 1);
        return new(value.lanes * PowerOfTwo(half) * PowerOfTwo(n - half));

        static Vector128<float> PowerOfTwo(Vector128<int> m) => Vector128.ShiftLeft(m + Vector128.Create(127), 23).AsSingle();
    }

    public static Vector128SingleLanes FusedMultiplyAdd(Vector128SingleLanes a, Vector128SingleLanes b, Vector128SingleLanes c) =>
        new(Vector128.FusedMultiplyAdd(a.lanes, b.lanes, c.lanes));

    public static Vector128SingleLanes ZeroWhereBelow(Vector128SingleLanes value, Vector128SingleLanes x, float limit) =>
        new(Vector128.AndNot(value.lanes, Vector128.LessThan(x.lanes, Vector128.Create(limit))));
}
