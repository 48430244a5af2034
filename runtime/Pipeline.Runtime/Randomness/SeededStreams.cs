using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Pipeline.Runtime.Randomness;

/// <summary>
/// Independent xoshiro256** streams, one per item of a batch, that draw one uniform each at a time: stream n gives the
/// values of <c>new SeededRandom(seed_n).NextDouble()</c>, bit for bit. Their states are kept as four arrays (each
/// stream's word i in <c>words[i][n]</c>), so a draw for the whole batch reads and writes 2 KB in a row at batch 64, and
/// runs eight streams at a time on 512-bit vectors where the processor has them (the generator is integer arithmetic:
/// any width gives the same bits). Sixty-four <see cref="SeededRandom"/> objects, spread over the heap, cost an
/// autoregressive step 0.4–0.5 µs of cache misses once its network had run.
/// </summary>
internal sealed class SeededStreams
{
    private readonly ulong[] s0, s1, s2, s3;     // [N] each: word i of every stream's state

    public SeededStreams(int count) => (s0, s1, s2, s3) = (new ulong[count], new ulong[count], new ulong[count], new ulong[count]);

    /// <summary>Streams, one per item.</summary>
    public int Count => s0.Length;

    /// <summary>Seeds stream <paramref name="stream"/> as <see cref="SeededRandom.Reset"/> would.</summary>
    public void Reset(int stream, ulong seed) => (s0[stream], s1[stream], s2[stream], s3[stream]) = SeededRandom.State(seed);

    /// <summary>The next uniform in [0, 1) of every stream: destination[n] from stream n, as <see cref="SeededRandom.NextDouble"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void NextDoubles(Span<double> destination)
    {
        destination = destination[..Count];
        var n = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; n <= Count - Vector512<ulong>.Count; n += Vector512<ulong>.Count)
            {
                var (a, b, c, d) = (Vector512.Create(s0.AsSpan(n)), Vector512.Create(s1.AsSpan(n)), Vector512.Create(s2.AsSpan(n)), Vector512.Create(s3.AsSpan(n)));
                // xoshiro256**: the output rotl(b·5, 7)·9 from word 1, then the state's update (SeededRandom.Next, lane by
                // lane). ×5 and ×9 modulo 2^64 as shifts and additions: a multiplication of 64-bit lanes is three operations.
                var rotated = RotateLeft((b << 2) + b, 7);
                var result = (rotated << 3) + rotated;
                var t = b << 17;
                c ^= a;
                d ^= b;
                b ^= c;
                a ^= d;
                c ^= t;
                d = RotateLeft(d, 45);
                a.CopyTo(s0.AsSpan(n));
                b.CopyTo(s1.AsSpan(n));
                c.CopyTo(s2.AsSpan(n));
                d.CopyTo(s3.AsSpan(n));
                // The top 53 bits times 2^−53: both exact in double.
                (Vector512.ConvertToDouble(result >> 11) * (1.0 / (1UL << 53))).CopyTo(destination.Slice(n));
            }
        for (; n < Count; n++) destination[n] = NextDouble(n);
    }

    /// <summary>One stream's next uniform, by <see cref="SeededRandom"/>'s own step (the tail past the last whole vector).</summary>
    private double NextDouble(int stream) => SeededRandom.ToDouble(SeededRandom.Next(ref s0[stream], ref s1[stream], ref s2[stream], ref s3[stream]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> RotateLeft(Vector512<ulong> x, int k) => (x << k) | (x >>> (64 - k));
}
