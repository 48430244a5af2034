namespace Pipeline.Runtime.Randomness;

/// <summary>
/// A SIMD vector of doubles, so that <see cref="PortableMathVectors"/> and the sampler's draws are written once for every
/// width: <see cref="Vector512Lanes"/> where the processor has 512-bit vectors, <see cref="VectorLanes"/>
/// (<c>Vector&lt;double&gt;</c>: 256 bits on x64, 128 on Arm) elsewhere. Each operation is the IEEE operation on every
/// lane, rounded once, so the width changes the speed and never a bit. A generic method over a struct implementing it is
/// compiled once per struct, with every member inlined.
/// </summary>
internal interface IDoubleLanes<TSelf> where TSelf : struct, IDoubleLanes<TSelf>
{
    /// <summary>Whether the processor runs these vectors natively (the loops that use them are skipped otherwise).</summary>
    static abstract bool IsHardwareAccelerated { get; }

    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract TSelf Create(double value);

    /// <summary>The first <see cref="Count"/> values.</summary>
    static abstract TSelf Load(ReadOnlySpan<double> values);

    /// <summary>The first 2·<see cref="Count"/> floats, widened (exactly) to doubles.</summary>
    static abstract (TSelf Low, TSelf High) LoadWidened(ReadOnlySpan<float> values);

    /// <summary>Writes the lanes into the first <see cref="Count"/> values of <paramref name="target"/>.</summary>
    void Store(Span<double> target);

    /// <summary>Writes <paramref name="low"/>, then <paramref name="high"/>, each lane rounded to float, into 2·<see cref="Count"/> floats.</summary>
    static abstract void StoreNarrowed(TSelf low, TSelf high, Span<float> target);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator *(TSelf a, TSelf b);

    static abstract TSelf operator /(TSelf a, TSelf b);

    /// <summary>Each lane rounded to the nearest whole number, ties to even (<c>Math.Round</c>).</summary>
    static abstract TSelf Round(TSelf value);

    /// <summary>2ᵏ of whole-numbered lanes k whose powers are normal doubles: k + 1023 written into the exponent field.</summary>
    static abstract TSelf PowerOfTwo(TSelf k);

    /// <summary>Whether every lane is in [<paramref name="low"/>, <paramref name="high"/>] (false for NaN).</summary>
    static abstract bool AllWithin(TSelf value, double low, double high);
}
