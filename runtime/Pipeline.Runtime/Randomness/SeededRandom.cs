namespace Pipeline.Runtime.Randomness;

/// <summary>
/// The runtime's source of randomness: xoshiro256** (Blackman and Vigna) seeded through SplitMix64,
/// with standard normal draws by Marsaglia's polar method. It uses only integer arithmetic and IEEE
/// +, −, ×, ÷ and √ (the logarithm is <see cref="PortableMath.Log"/>), so the same seed gives the same
/// numbers, bit for bit, on every .NET version and platform. Not thread-safe: one per sampling loop.
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>Starts the stream of <paramref name="seed"/>.</summary>
    public SeededRandom(ulong seed) => Reset(seed);

    /// <summary>Restarts the stream of <paramref name="seed"/> in place (as a new instance would; allocates nothing).</summary>
    public void Reset(ulong seed)
    {
        var state = seed;
        _s0 = SplitMix64(ref state);
        _s1 = SplitMix64(ref state);
        _s2 = SplitMix64(ref state);
        _s3 = SplitMix64(ref state);
        _spareNormal = 0;
        _hasSpareNormal = false;
    }

    /// <summary>64 uniformly random bits.</summary>
    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1), a multiple of 2⁻⁵³.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform float in [0, 1), a multiple of 2⁻²⁴.</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A uniform integer in [0, <paramref name="maxExclusive"/>), without modulo bias.</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive < 1)
            throw new ArgumentOutOfRangeException(nameof(maxExclusive), maxExclusive, "The upper bound must be at least 1.");
        var bound = (ulong)maxExclusive;
        var limit = ulong.MaxValue - ulong.MaxValue % bound; // draws at or above this would favour small values
        ulong draw;
        do draw = NextUInt64(); while (draw >= limit);
        return (int)(draw % bound);
    }

    /// <summary>A draw from the standard normal distribution N(0, 1).</summary>
    public double NextNormal()
    {
        if (_hasSpareNormal)
        {
            _hasSpareNormal = false;
            return _spareNormal;
        }
        var (u, v, s) = NextInDisc();
        var factor = Math.Sqrt(-2 * PortableMath.Log(s) / s);
        _spareNormal = v * factor;
        _hasSpareNormal = true;
        return u * factor;
    }

    /// <summary>Fills <paramref name="destination"/> with standard normal draws (as float).</summary>
    public void FillNormal(Span<float> destination)
    {
        var i = 0;
        if (_hasSpareNormal && destination.Length > 0)
        {
            destination[i++] = (float)_spareNormal;
            _hasSpareNormal = false;
        }
        // Two polar pairs at a time, their logarithms side by side: the same draws in the same order as NextNormal,
        // the same bits, in about half the time.
        for (; i + 4 <= destination.Length; i += 4)
        {
            var (u1, v1, s1) = NextInDisc();
            var (u2, v2, s2) = NextInDisc();
            var (log1, log2) = PortableMath.LogPair(s1, s2);
            var factor1 = Math.Sqrt(-2 * log1 / s1);
            var factor2 = Math.Sqrt(-2 * log2 / s2);
            destination[i] = (float)(u1 * factor1);
            destination[i + 1] = (float)(v1 * factor1);
            destination[i + 2] = (float)(u2 * factor2);
            destination[i + 3] = (float)(v2 * factor2);
        }
        for (; i < destination.Length; i++) destination[i] = (float)NextNormal();
    }

    /// <summary>Marsaglia's polar method: (u, v) uniform in the unit disc (s = u² + v² in (0, 1)) gives two independent normals.</summary>
    private (double U, double V, double S) NextInDisc()
    {
        double u, v, s;
        do
        {
            u = 2 * NextDouble() - 1;
            v = 2 * NextDouble() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);
        return (u, v, s);
    }

    /// <summary>Fills <paramref name="destination"/> with uniform draws in [0, 1).</summary>
    public void FillUniform(Span<float> destination)
    {
        for (var i = 0; i < destination.Length; i++) destination[i] = NextSingle();
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    internal static ulong SplitMix64(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
