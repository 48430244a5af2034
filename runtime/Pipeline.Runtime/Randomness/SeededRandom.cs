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
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
        var (s0, s1, s2, s3) = (_s0, _s1, _s2, _s3);
        while (destination.Length - i >= 2)
        {
            var pairs = Math.Min(NormalBlock, (destination.Length - i) / 2);
            DrawInDisc(u[..pairs], v[..pairs], s[..pairs], ref s0, ref s1, ref s2, ref s3);
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

    /// <summary>
    /// The next <paramref name="u"/>.Length points (u, v) in the unit disc, and their s = u² + v², as NextInDisc draws them
    /// one after the other. Candidates are drawn as many at a time as points are still missing, so never one more than
    /// NextInDisc would draw; each is written at the next free place, which it keeps if it lies in the disc (no branch).
    /// A method of its own, without calls, so the state stays in registers. In FillNormal's loop, which calls the
    /// logarithms, the JIT stored the state to the stack at every draw, and the rejections (a fifth of the candidates,
    /// at random) were mispredicted branches: 50,176 normals took 0.40–0.44 ms there, 0.32–0.36 ms here.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void DrawInDisc(Span<double> u, Span<double> v, Span<double> s, ref ulong state0, ref ulong state1, ref ulong state2, ref ulong state3)
    {
        var (s0, s1, s2, s3) = (state0, state1, state2, state3);
        v = v[..u.Length];
        s = s[..u.Length];
        for (var found = 0; found < u.Length;)
            for (var candidates = u.Length - found; candidates > 0; candidates--)
            {
                var cu = 2 * ToDouble(Next(ref s0, ref s1, ref s2, ref s3)) - 1;
                var cv = 2 * ToDouble(Next(ref s0, ref s1, ref s2, ref s3)) - 1;
                var cs = cu * cu + cv * cv;
                (u[found], v[found], s[found]) = (cu, cv, cs);
                // In the disc: 0 < cs < 1 (cs ≥ 0, so "> 0" is NextInDisc's "≠ 0"), as 1 or 0 without a branch.
                found += Unsafe.BitCast<bool, byte>((cs < 1) & (cs > 0));
            }
        (state0, state1, state2, state3) = (s0, s1, s2, s3);
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
