using System.Runtime.CompilerServices;
using System.Numerics;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// The runtime's source of randomness: xoshiro256** (Blackman and Vigna) seeded through SplitMix64,
/// with standard normal draws by Marsaglia's polar method. It uses only integer arithmetic and IEEE
/// +, −, ×, ÷ and √ (the logarithm is <see cref="PortableMath.Log"/>), so the same seed gives the same
/// numbers, bit for bit, on every .NET version and platform. Not thread-safe: one per sampling loop.
/// </summary>
public sealed class SeededRandom
{
    /// <summary>Polar pairs drawn before their logarithms are taken together in <see cref="FillNormal"/>.</summary>
    private const int NormalBlock = 32;

    private ulong _s0, _s1, _s2, _s3;
    private double _spareNormal;
    private bool _hasSpareNormal;

    /// <summary>Starts the stream of <paramref name="seed"/>.</summary>
    public SeededRandom(ulong seed) => Reset(seed);

    /// <summary>Restarts the stream of <paramref name="seed"/> in place (as a new instance would; allocates nothing).</summary>
    public void Reset(ulong seed)
    {
        (_s0, _s1, _s2, _s3) = State(seed);
        _spareNormal = 0;
        _hasSpareNormal = false;
    }

    /// <summary>The xoshiro256** state of <paramref name="seed"/>'s stream: SplitMix64's first four outputs from it.</summary>
    internal static (ulong S0, ulong S1, ulong S2, ulong S3) State(ulong seed)
    {
        var state = seed;
        return (SplitMix64(ref state), SplitMix64(ref state), SplitMix64(ref state), SplitMix64(ref state));
    }

    /// <summary>64 uniformly random bits.</summary>
    public ulong NextUInt64() => Next(ref _s0, ref _s1, ref _s2, ref _s3);

    /// <summary>One xoshiro256** step of the state (s0, s1, s2, s3); inlined, so a loop can keep the state in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Next(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        var result = RotateLeft(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1), a multiple of 2⁻⁵³.</summary>
    public double NextDouble() => ToDouble(NextUInt64());

    /// <summary>The top 53 of 64 random bits as a double in [0, 1).</summary>
    internal static double ToDouble(ulong bits) => (bits >> 11) * (1.0 / (1UL << 53));

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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void FillNormal(Span<float> destination)
    {
        var i = 0;
        if (_hasSpareNormal && destination.Length > 0)
        {
            destination[i++] = (float)_spareNormal;
            _hasSpareNormal = false;
        }
        // Polar pairs a block at a time: each pair's (u, v, s) drawn in turn, then the block's logarithms and square roots
        // on SIMD vectors (PortableMathVectors): the same draws in the same order as NextNormal, the same bits.
        Span<double> u = stackalloc double[NormalBlock], v = stackalloc double[NormalBlock];
        Span<double> s = stackalloc double[NormalBlock], factor = stackalloc double[NormalBlock];
        var (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3);     // the state in locals (registers) while the block is drawn
        while (destination.Length - i >= 2)
        {
            var pairs = Math.Min(NormalBlock, (destination.Length - i) / 2);
            for (var p = 0; p < pairs; p++) (u[p], v[p], s[p]) = NextInDisc(ref s0, ref s1, ref s2, ref s3);
            PortableMathVectors.Log(s[..pairs], factor[..pairs]);
            PolarFactors(factor[..pairs], s[..pairs]);
            for (var p = 0; p < pairs; p++)
            {
                destination[i++] = (float)(u[p] * factor[p]);
                destination[i++] = (float)(v[p] * factor[p]);
            }
        }
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
        if (i < destination.Length) destination[i] = (float)NextNormal();
    }

    /// <summary>factor ← √(−2 ln s / s), given ln s in <paramref name="factor"/>: the polar method's scale, as NextNormal computes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PolarFactors(Span<double> factor, ReadOnlySpan<double> s)
    {
        var p = 0;
        if (Vector.IsHardwareAccelerated)
            for (; p <= factor.Length - Vector<double>.Count; p += Vector<double>.Count)
                Vector.SquareRoot(new Vector<double>(-2) * new Vector<double>(factor.Slice(p)) / new Vector<double>(s.Slice(p))).CopyTo(factor.Slice(p));
        for (; p < factor.Length; p++) factor[p] = Math.Sqrt(-2 * factor[p] / s[p]);
    }

    /// <summary>Marsaglia's polar method: (u, v) uniform in the unit disc (s = u² + v² in (0, 1)) gives two independent normals.</summary>
    private (double U, double V, double S) NextInDisc() => NextInDisc(ref _s0, ref _s1, ref _s2, ref _s3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (double U, double V, double S) NextInDisc(ref ulong s0, ref ulong s1, ref ulong s2, ref ulong s3)
    {
        double u, v, s;
        do
        {
            u = 2 * ToDouble(Next(ref s0, ref s1, ref s2, ref s3)) - 1;
            v = 2 * ToDouble(Next(ref s0, ref s1, ref s2, ref s3)) - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);
        return (u, v, s);
    }

    /// <summary>Fills <paramref name="destination"/> with uniform draws in [0, 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
