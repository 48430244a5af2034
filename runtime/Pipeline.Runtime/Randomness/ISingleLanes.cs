namespace Pipeline.Runtime.Randomness;

/// <summary>
/// A SIMD vector of floats, so that <see cref="SingleExp.InRange{TLanes}"/>, <see cref="Exp2"/> and the sampler's weights are
/// written once for every width: <see cref="Vector512SingleLanes"/> where the processor has 512-bit vectors,
/// <see cref="VectorSingleLanes"/> (<c>Vector&lt;float&gt;</c>: 256 bits on x64, 128 on Arm) elsewhere. As with
/// <see cref="IDoubleLanes{TSelf}"/>, each operation is the IEEE operation on every lane, rounded once: the width changes
/// the speed and never a bit. <see cref="FourVectorLanes{TLanes}"/> takes four vectors of either as one.
/// </summary>
internal interface ISingleLanes<TSelf> where TSelf : struct, ISingleLanes<TSelf>
{
    /// <summary>Whether the processor runs these vectors natively (the loops that use them are skipped otherwise).</summary>
    static abstract bool IsHardwareAccelerated { get; }

    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract TSelf Create(float value);

    /// <summary>The first <see cref="Count"/> values.</summary>
    static abstract TSelf Load(ReadOnlySpan<float> values);

    /// <summary>Writes the lanes into the first <see cref="Count"/> values of <paramref name="target"/>.</summary>
    void Store(Span<float> target);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator *(TSelf a, TSelf b);

    static abstract TSelf operator /(TSelf a, TSelf b);

    /// <summary>
    /// The larger of each pair of lanes by the processor's own instruction: which of +0 and −0, and whether a NaN comes
    /// through, depend on the platform, so callers settle those cases themselves.
    /// </summary>
    static abstract TSelf MaxNative(TSelf a, TSelf b);

    /// <summary>The lanes' sum by halves (<see cref="LaneFolds"/>): the same bits at every width for the same 2ᵐ values.</summary>
    static abstract float HalvingSum(TSelf value);

    /// <summary>The largest lane by <see cref="MaxNative"/> over halves (<see cref="LaneFolds"/>): a NaN and ±0 as loosely as it.</summary>
    static abstract float HalvingMax(TSelf value);

    /// <summary>All bits set in the lanes equal to zero (±0), none in the others: a condition for <see cref="Select"/>.</summary>
    static abstract TSelf IsZero(TSelf value);

    /// <summary>Whether no lane of a condition is set.</summary>
    static abstract bool IsNone(TSelf condition);

    /// <summary>Each lane of <paramref name="ifTrue"/> where <paramref name="condition"/> is set, else of <paramref name="ifFalse"/>: a bitwise select, exact.</summary>
    static abstract TSelf Select(TSelf condition, TSelf ifTrue, TSelf ifFalse);

    /// <summary>Whether every lane lies in [<paramref name="low"/>, <paramref name="high"/>] (false for a NaN).</summary>
    static abstract bool AllWithin(TSelf value, float low, float high);

    /// <summary>Each lane rounded down to a whole number (<c>MathF.Floor</c>).</summary>
    static abstract TSelf Floor(TSelf value);

    /// <summary>Each lane rounded to the nearest whole number, ties to even (<c>MathF.Round</c>).</summary>
    static abstract TSelf Round(TSelf value);

    /// <summary>
    /// value · 2^⌊k⌋ where the result is a normal float, and +∞ (or −∞) where it passes the largest one: exact, so the
    /// same whether the processor scales by it (AVX-512's <c>vscalefps</c>, which rounds k down itself) or two exact
    /// powers of two are made by writing each half of ⌊k⌋ + 127 into a float's exponent field (<see cref="Exp2.ScaleByPowerOfTwo"/>).
    /// Lanes whose result would be subnormal give the processor's own answer, for results that are cleared anyway.
    /// </summary>
    static abstract TSelf ScaleByPowerOfTwo(TSelf value, TSelf k);

    /// <summary>a · b + c on each lane, rounded once (a fused multiply-add, by the processor or in software: the same bits).</summary>
    static abstract TSelf FusedMultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>Each lane of <paramref name="value"/>, or +0 where that lane of <paramref name="x"/> is below <paramref name="limit"/>.</summary>
    static abstract TSelf ZeroWhereBelow(TSelf value, TSelf x, float limit);
}
