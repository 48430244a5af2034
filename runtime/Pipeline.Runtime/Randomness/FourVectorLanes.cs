using System.Runtime.CompilerServices;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// Four vectors of <typeparamref name="TLanes"/> taken as one vector of 4·Count lanes, in memory order: each operation
/// runs on the four before the next one starts. e^x is a chain of some twenty dependent operations, and the processor
/// overlaps only about three vectors' chains when they come one after another; written four abreast, they overlap fully
/// (the draw's weights took 0.7× the time). Every lane gets the operations it would alone, so the bits are the same.
/// </summary>
/// <remarks>
/// The folds keep the lanes' order by halves: the lower two vectors with the upper two lane by lane, then the two that
/// are left, then the lanes of one (<see cref="LaneFolds"/>).
/// </remarks>
internal readonly struct FourVectorLanes<TLanes>(TLanes a, TLanes b, TLanes c, TLanes d) : ISingleLanes<FourVectorLanes<TLanes>>
    where TLanes : struct, ISingleLanes<TLanes>
{
    private readonly TLanes a = a, b = b, c = c, d = d;

    public static bool IsHardwareAccelerated => TLanes.IsHardwareAccelerated;

    public static int Count => 4 * TLanes.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> Create(float value)
    {
        var lanes = TLanes.Create(value);
        return new(lanes, lanes, lanes, lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> Load(ReadOnlySpan<float> values)
    {
        var n = TLanes.Count;
        values = values[..(4 * n)];
        return new(TLanes.Load(values), TLanes.Load(values.Slice(n)), TLanes.Load(values.Slice(2 * n)), TLanes.Load(values.Slice(3 * n)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(Span<float> target)
    {
        var n = TLanes.Count;
        target = target[..(4 * n)];
        a.Store(target);
        b.Store(target.Slice(n));
        c.Store(target.Slice(2 * n));
        d.Store(target.Slice(3 * n));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> operator +(FourVectorLanes<TLanes> x, FourVectorLanes<TLanes> y) => new(x.a + y.a, x.b + y.b, x.c + y.c, x.d + y.d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> operator -(FourVectorLanes<TLanes> x, FourVectorLanes<TLanes> y) => new(x.a - y.a, x.b - y.b, x.c - y.c, x.d - y.d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> operator *(FourVectorLanes<TLanes> x, FourVectorLanes<TLanes> y) => new(x.a * y.a, x.b * y.b, x.c * y.c, x.d * y.d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> operator /(FourVectorLanes<TLanes> x, FourVectorLanes<TLanes> y) => new(x.a / y.a, x.b / y.b, x.c / y.c, x.d / y.d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> MaxNative(FourVectorLanes<TLanes> x, FourVectorLanes<TLanes> y) =>
        new(TLanes.MaxNative(x.a, y.a), TLanes.MaxNative(x.b, y.b), TLanes.MaxNative(x.c, y.c), TLanes.MaxNative(x.d, y.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HalvingSum(FourVectorLanes<TLanes> value) => TLanes.HalvingSum((value.a + value.c) + (value.b + value.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float HalvingMax(FourVectorLanes<TLanes> value) =>
        TLanes.HalvingMax(TLanes.MaxNative(TLanes.MaxNative(value.a, value.c), TLanes.MaxNative(value.b, value.d)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> IsZero(FourVectorLanes<TLanes> value) => new(TLanes.IsZero(value.a), TLanes.IsZero(value.b), TLanes.IsZero(value.c), TLanes.IsZero(value.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsNone(FourVectorLanes<TLanes> condition) =>
        TLanes.IsNone(condition.a) && TLanes.IsNone(condition.b) && TLanes.IsNone(condition.c) && TLanes.IsNone(condition.d);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> Select(FourVectorLanes<TLanes> condition, FourVectorLanes<TLanes> ifTrue, FourVectorLanes<TLanes> ifFalse) =>
        new(TLanes.Select(condition.a, ifTrue.a, ifFalse.a), TLanes.Select(condition.b, ifTrue.b, ifFalse.b),
            TLanes.Select(condition.c, ifTrue.c, ifFalse.c), TLanes.Select(condition.d, ifTrue.d, ifFalse.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool AllWithin(FourVectorLanes<TLanes> value, float low, float high) =>
        TLanes.AllWithin(value.a, low, high) && TLanes.AllWithin(value.b, low, high) && TLanes.AllWithin(value.c, low, high) && TLanes.AllWithin(value.d, low, high);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> Floor(FourVectorLanes<TLanes> value) => new(TLanes.Floor(value.a), TLanes.Floor(value.b), TLanes.Floor(value.c), TLanes.Floor(value.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> Round(FourVectorLanes<TLanes> value) => new(TLanes.Round(value.a), TLanes.Round(value.b), TLanes.Round(value.c), TLanes.Round(value.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> ScaleByPowerOfTwo(FourVectorLanes<TLanes> value, FourVectorLanes<TLanes> k) =>
        new(TLanes.ScaleByPowerOfTwo(value.a, k.a), TLanes.ScaleByPowerOfTwo(value.b, k.b), TLanes.ScaleByPowerOfTwo(value.c, k.c), TLanes.ScaleByPowerOfTwo(value.d, k.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> FusedMultiplyAdd(FourVectorLanes<TLanes> x, FourVectorLanes<TLanes> y, FourVectorLanes<TLanes> z) =>
        new(TLanes.FusedMultiplyAdd(x.a, y.a, z.a), TLanes.FusedMultiplyAdd(x.b, y.b, z.b), TLanes.FusedMultiplyAdd(x.c, y.c, z.c), TLanes.FusedMultiplyAdd(x.d, y.d, z.d));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static FourVectorLanes<TLanes> ZeroWhereBelow(FourVectorLanes<TLanes> value, FourVectorLanes<TLanes> x, float limit) =>
        new(TLanes.ZeroWhereBelow(value.a, x.a, limit), TLanes.ZeroWhereBelow(value.b, x.b, limit),
            TLanes.ZeroWhereBelow(value.c, x.c, limit), TLanes.ZeroWhereBelow(value.d, x.d, limit));
}
