namespace Pipeline.Runtime.Randomness;

/// <summary>
/// A SIMD vector of doubles, so that the draw's probabilities (single-precision weights divided in double by their sum,
/// <see cref="Autoregressive.DrawVectors.Divide"/>) are written once for every width: <see cref="Vector512Lanes"/> where the processor has 512-bit vectors, <see cref="VectorLanes"/>
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

    /// <summary>The first 2·<see cref="Count"/> floats, widened (exactly) to doubles.</summary>
    static abstract (TSelf Low, TSelf High) LoadWidened(ReadOnlySpan<float> values);

    /// <summary>Writes <paramref name="low"/>, then <paramref name="high"/>, each lane rounded to float, into 2·<see cref="Count"/> floats.</summary>
    static abstract void StoreNarrowed(TSelf low, TSelf high, Span<float> target);

    static abstract TSelf operator /(TSelf a, TSelf b);
}
