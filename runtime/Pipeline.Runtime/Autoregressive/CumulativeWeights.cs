using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// The inversion of an item's cumulative distribution for <see cref="CategoricalDraw"/>, in single precision and one fixed
/// order whatever the vector width. The categories lie in rows of 16 (category k in row ⌊k / 16⌋, column k mod 16), and
/// the inversion goes column by column:
/// - column c's sum adds its weights row after row (<see cref="DrawVectors.Weights(ReadOnlySpan{float}, ReadOnlySpan{float}, float, Span{float}, Span{float})"/>
///   makes the sums with the weights);
/// - the columns' running sums ("ends") are the scan of the 16 column sums (<see cref="LaneScans"/>); the last end is Σ;
/// - the column drawn is the first whose end passes the threshold θ = u·Σ and whose sum is positive; the row, the first
///   whose running sum in that column (the end before the column plus the scan of the column's weights, 16 rows at a
///   time) passes θ and whose weight is positive. Where rounding leaves none past θ: the last column of positive sum,
///   and in it the last row of positive weight. A category of weight 0 is never drawn.
/// Any order of the categories inverts the same distribution. This one needs no sum across a vector's lanes: a row of 16
/// is one 512-bit vector, so the column sums are a running sum of the rows' vectors, the ends one scan, and a column's
/// weights two gathers. On AVX-512 a search compares 16 sums at once: no branch depends on the draw.
/// </summary>
internal static class CumulativeWeights
{
    /// <summary>Categories per row: the columns of the inversion.</summary>
    public const int Columns = LaneScans.Count;

    /// <summary>The running sums of the 16 column sums into <paramref name="ends"/>; returns Σ, the last of them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Ends(ReadOnlySpan<float> columnSums, Span<float> ends)
    {
        if (Avx512F.IsSupported)
        {
            var scanned = LaneScans.InclusiveSum(Vector512.Create(columnSums));
            scanned.StoreUnsafe(ref MemoryMarshal.GetReference(ends[..Columns]));      // CopyTo's larger body was slower here
            return scanned.GetElement(Columns - 1);
        }
        columnSums[..Columns].CopyTo(ends);
        LaneScans.InclusiveSum(ends);
        return ends[Columns - 1];
    }

    /// <summary>
    /// The category drawn for every item of <paramref name="weights"/> [N, K] at θ = u·Σ rounded to single precision
    /// (<see cref="Find"/>), from each item's <paramref name="columnSums"/> and <paramref name="ends"/> [N, 16] and Σ
    /// (<paramref name="totals"/>). Never inlined (see <see cref="DrawVectors.Weights{TLanes}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Draw(ReadOnlySpan<float> weights, int categories, ReadOnlySpan<double> uniforms, ReadOnlySpan<float> columnSums,
        ReadOnlySpan<float> ends, ReadOnlySpan<double> totals, Span<int> drawn)
    {
        if (!Avx512F.IsSupported)
        {
            for (var n = 0; n < drawn.Length; n++)
                drawn[n] = Find(weights.Slice(n * categories, categories), columnSums.Slice(n * Columns, Columns), ends.Slice(n * Columns, Columns),
                    (float)(uniforms[n] * totals[n]));
            return;
        }
        // Through pointers, the lengths checked once here: sliced item by item, the searches took 1.6 times as long.
        ArgumentOutOfRangeException.ThrowIfLessThan(weights.Length, drawn.Length * categories);
        ArgumentOutOfRangeException.ThrowIfLessThan(Math.Min(columnSums.Length, ends.Length), drawn.Length * Columns);
        fixed (float* first = weights, sums = columnSums, scanned = ends)
            for (var n = 0; n < drawn.Length; n++)
                drawn[n] = InRegisters(first + n * categories, categories, sums + n * Columns, scanned + n * Columns, (float)(uniforms[n] * totals[n]));
    }

    /// <summary>The category drawn by <paramref name="threshold"/> = u·Σ (rounded to single precision), from <see cref="Ends"/>' sums.</summary>
    public static unsafe int Find(ReadOnlySpan<float> weights, ReadOnlySpan<float> columnSums, ReadOnlySpan<float> ends, float threshold)
    {
        if (!Avx512F.IsSupported) return FindElementByElement(weights, columnSums, ends, threshold);
        fixed (float* first = weights, sums = columnSums[..Columns], scanned = ends[..Columns])
            return InRegisters(first, weights.Length, sums, scanned, threshold);
    }

    /// <summary>
    /// <see cref="Find"/> on AVX-512: the column by comparing its 16 ends at once, then its rows 16 at a time, their
    /// weights gathered (rows past the last +0), scanned and added to the running sum before them (the end before the column for the first 16).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe int InRegisters(float* weights, int categories, float* columnSums, float* ends, float threshold)
    {
        var limit = Vector512.Create(threshold);
        var passed = Vector512.GreaterThan(Vector512.Load(ends), limit) & Vector512.GreaterThan(Vector512.Load(columnSums), Vector512<float>.Zero);
        var c = passed == Vector512<float>.Zero ? LastPositive(new ReadOnlySpan<float>(columnSums, Columns)) : BitOperations.TrailingZeroCount(passed.ExtractMostSignificantBits());
        var rows = (categories - c + Columns - 1) / Columns;
        var running = c > 0 ? ends[c - 1] : 0f;
        for (var group = 0; group < rows; group += Columns)
        {
            var values = Gather(weights + c + group * Columns, rows - group);
            var sums = LaneScans.InclusiveSum(values) + Vector512.Create(running);
            var found = Vector512.GreaterThan(sums, limit) & Vector512.GreaterThan(values, Vector512<float>.Zero);
            if (found != Vector512<float>.Zero) return c + Columns * (group + BitOperations.TrailingZeroCount(found.ExtractMostSignificantBits()));
            running = sums.GetElement(Columns - 1);
        }
        return LastPositiveRow(new ReadOnlySpan<float>(weights, categories), c, rows);
    }

    /// <summary>The values 16 apart from <paramref name="first"/> on, <paramref name="count"/> of them (all 16 from 16 on), +0 in the lanes past them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<float> Gather(float* first, int count)
    {
        // AVX-512 has no gather in .NET: two of AVX2's. Not Vector512.Create(lower, upper): the JIT inserts both halves
        // into the last call's vector, kept on the stack, and so chained every item's search to the one before it.
        var offsets = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * Columns;
        if (count >= Columns)
        {
            var (low, high) = (Avx2.GatherVector256(first, offsets, sizeof(float)), Avx2.GatherVector256(first + 8 * Columns, offsets, sizeof(float)));
            return low.ToVector512Unsafe().WithUpper(high);
        }
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var (lower, upper) = (Vector256.LessThan(lanes, Vector256.Create(count)).AsSingle(), Vector256.LessThan(lanes, Vector256.Create(count - 8)).AsSingle());
        return Avx2.GatherMaskVector256(Vector256<float>.Zero, first, offsets, lower, sizeof(float)).ToVector512Unsafe()
            .WithUpper(Avx2.GatherMaskVector256(Vector256<float>.Zero, first + 8 * Columns, offsets, upper, sizeof(float)));
    }

    /// <summary><see cref="Find"/> element by element: the definition, and the form for processors without AVX-512.</summary>
    internal static int FindElementByElement(ReadOnlySpan<float> weights, ReadOnlySpan<float> columnSums, ReadOnlySpan<float> ends, float threshold)
    {
        var c = 0;
        while (c < Columns && !(ends[c] > threshold && columnSums[c] > 0)) c++;
        if (c == Columns) c = LastPositive(columnSums[..Columns]);
        var rows = (weights.Length - c + Columns - 1) / Columns;
        var running = c > 0 ? ends[c - 1] : 0f;
        Span<float> sums = stackalloc float[Columns];
        for (var group = 0; group < rows; group += Columns)
        {
            sums.Clear();
            for (var j = 0; j < Columns && group + j < rows; j++) sums[j] = weights[Columns * (group + j) + c];
            LaneScans.ElementByElement(sums);
            for (var j = 0; j < Columns && group + j < rows; j++)
                if (running + sums[j] > threshold && weights[Columns * (group + j) + c] > 0) return Columns * (group + j) + c;
            running += sums[Columns - 1];
        }
        return LastPositiveRow(weights, c, rows);
    }

    /// <summary>The category of column <paramref name="c"/>'s last row of positive weight (its first row where none is).</summary>
    private static int LastPositiveRow(ReadOnlySpan<float> weights, int c, int rows)
    {
        var r = rows - 1;
        while (r > 0 && !(weights[Columns * r + c] > 0)) r--;
        return Columns * r + c;
    }

    /// <summary>The last index of a positive value (0 where none is).</summary>
    private static int LastPositive(ReadOnlySpan<float> values)
    {
        var k = values.Length - 1;
        while (k > 0 && !(values[k] > 0)) k--;
        return k;
    }
}
