using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Pipeline.Runtime.Randomness;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// The sums by which <see cref="CategoricalDraw"/> inverts an item's cumulative distribution, in single precision and
/// one fixed order whatever the vector width:
/// - each block of 16 categories is summed by halves (<see cref="LaneFolds"/>: w_l + w_{l+8}, then 4, 2, 1 apart),
///   a short last block with +0 for the missing weights;
/// - the blocks' running sums ("ends") are <see cref="LaneScans"/>' scans of 16 block sums, each later group of 16
///   plus the end before it; the last end is Σ;
/// - the block is the first whose end passes the threshold u·Σ and whose sum is positive, the category the first in it
///   whose running sum (the end before the block plus the block's own scan) passes it and whose weight is positive;
///   the last category of positive weight where rounding leaves none past it. A category of weight 0 is never drawn.
/// On AVX-512 the 16 block sums of 256 categories are one transposed fold (<see cref="LaneFolds.Sums(ReadOnlySpan{float})"/>),
/// a scan is four shifts and additions, and a search compares 16 sums at once: no branch depends on the draw.
/// </summary>
internal static class CumulativeWeights
{
    /// <summary>Categories per block: the draw finds its block, then its category in it.</summary>
    public const int Block = LaneScans.Count;

    /// <summary>Blocks of <paramref name="categories"/>, rounded up to whole groups of 16: the length of the sums' buffers.</summary>
    public static int BufferLength(int categories) => ((categories + Block - 1) / Block + Block - 1) / Block * Block;

    /// <summary>
    /// Each block's sum into <paramref name="sums"/> and the running sums of those into <paramref name="ends"/> (both
    /// <see cref="BufferLength"/> long, +0 past the last block); returns Σ, the last block's end. On AVX-512, for up to
    /// 256 categories in whole blocks, the block sums are one transposed fold and their ends one scan, in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Ends(ReadOnlySpan<float> weights, Span<float> sums, Span<float> ends)
    {
        if (InRegisters(weights.Length)) return EndsInRegisters(weights, sums, ends);
        var blocks = (weights.Length + Block - 1) / Block;
        if (Vector512SingleLanes.IsHardwareAccelerated) BlockSums<Vector512SingleLanes>(weights, sums);
        else BlockSums<VectorSingleLanes>(weights, sums);
        for (var group = 0; group < sums.Length; group += Block)
        {
            sums.Slice(group, Block).CopyTo(ends.Slice(group));
            LaneScans.InclusiveSum(ends.Slice(group, Block));
            if (group > 0)
                for (var b = group; b < group + Block; b++) ends[b] += ends[group - 1];
        }
        return ends[blocks - 1];
    }

    /// <summary>Whether an item's sums are one vector each: AVX-512, whole blocks, at most 16 of them (256 categories).</summary>
    private static bool InRegisters(int categories) => Avx512F.IsSupported && categories % Block == 0 && categories <= Block * Block;

    /// <summary><see cref="Ends"/> of up to 16 whole blocks: one transposed fold and one scan, in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float EndsInRegisters(ReadOnlySpan<float> weights, Span<float> sums, Span<float> ends)
    {
        // The fold's length known to the JIT at the common sizes (8-bit values, codebooks of 128), so its loads are not tested.
        var blockSums = weights.Length switch
        {
            256 => LaneFolds.Sums(weights[..256]),
            128 => LaneFolds.Sums(weights[..128]),
            _ => LaneFolds.Sums(weights),
        };
        var blockEnds = LaneScans.InclusiveSum(blockSums);
        blockSums.StoreUnsafe(ref MemoryMarshal.GetReference(sums[..Block]));       // CopyTo's larger body was slower here
        blockEnds.StoreUnsafe(ref MemoryMarshal.GetReference(ends[..Block]));
        return blockEnds.GetElement(Block - 1);          // the last block's end: the lanes past it add +0
    }

    /// <summary>Each block's sum by halves, +0 past the last block; on AVX-512 up to sixteen whole blocks at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void BlockSums<TLanes>(ReadOnlySpan<float> weights, Span<float> sums) where TLanes : struct, ISingleLanes<TLanes>
    {
        var (b, first) = (0, 0);
        if (typeof(TLanes) == typeof(Vector512SingleLanes) && Avx512F.IsSupported)
            for (int whole; (whole = Math.Min(Block * Block, (weights.Length - first) / Block * Block)) > 0; b += whole / Block, first += whole)
                LaneFolds.Sums(weights.Slice(first, whole)).CopyTo(sums.Slice(b));
        for (; first < weights.Length; b++, first += Block) sums[b] = BlockSum<TLanes>(weights.Slice(first, Math.Min(Block, weights.Length - first)));
        sums[b..].Clear();
    }

    /// <summary>One block's sum by halves; a short block (or lanes that cannot hold 16) element by element, with +0 for the missing weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float BlockSum<TLanes>(ReadOnlySpan<float> block) where TLanes : struct, ISingleLanes<TLanes>
    {
        if (block.Length == Block && TLanes.IsHardwareAccelerated)
            switch (TLanes.Count)
            {
                case 16: return TLanes.HalvingSum(TLanes.Load(block));
                case 8: return TLanes.HalvingSum(TLanes.Load(block) + TLanes.Load(block.Slice(8)));
                case 4: return TLanes.HalvingSum((TLanes.Load(block) + TLanes.Load(block.Slice(8))) + (TLanes.Load(block.Slice(4)) + TLanes.Load(block.Slice(12))));
            }
        return ElementByElement(block);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float ElementByElement(ReadOnlySpan<float> block) => LaneFolds.Sum(Padded(block, stackalloc float[Block]));

    /// <summary>
    /// The category drawn for every item of <paramref name="weights"/> [N, K] by its uniform (<see cref="Ends"/>, then
    /// <see cref="Find"/> at θ = u·Σ rounded to single precision) into <paramref name="drawn"/>, and each item's Σ into
    /// <paramref name="totals"/>; <paramref name="sums"/> and <paramref name="ends"/> are [N, <see cref="BufferLength"/>].
    /// Every item's sums first, then every search: each is a chain of dependent operations, and the processor overlaps
    /// the chains of consecutive items when they are short. Never inlined (see <see cref="DrawVectors.Weights{TLanes}"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    public static void Draw(ReadOnlySpan<float> weights, int categories, ReadOnlySpan<double> uniforms, Span<float> sums, Span<float> ends, Span<double> totals, Span<int> drawn)
    {
        // The in-register forms taken in here, not called item by item through Ends and Find: the calls cost the search
        // 13–29% (a throwaway test, 64 items of 256 and of 128 categories).
        var (length, inRegisters) = (BufferLength(categories), InRegisters(categories));
        for (var n = 0; n < drawn.Length; n++)
        {
            var itemWeights = weights.Slice(n * categories, categories);
            Span<float> itemSums = sums.Slice(n * length, length), itemEnds = ends.Slice(n * length, length);
            totals[n] = inRegisters ? EndsInRegisters(itemWeights, itemSums, itemEnds) : Ends(itemWeights, itemSums, itemEnds);
        }
        for (var n = 0; n < drawn.Length; n++)
        {
            var itemWeights = weights.Slice(n * categories, categories);
            ReadOnlySpan<float> itemSums = sums.Slice(n * length, length), itemEnds = ends.Slice(n * length, length);
            var threshold = (float)(uniforms[n] * totals[n]);
            drawn[n] = inRegisters ? InGroup(itemWeights, itemSums, itemEnds, 0, Vector512.Create(threshold), []) is var k and >= 0 ? k : LastPositive(itemWeights)
                : Find(itemWeights, itemSums, itemEnds, threshold);
        }
    }

    /// <summary>The category drawn by <paramref name="threshold"/> = u·Σ (rounded to single precision), from <see cref="Ends"/>' sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Find(ReadOnlySpan<float> weights, ReadOnlySpan<float> sums, ReadOnlySpan<float> ends, float threshold)
    {
        if (!Avx512F.IsSupported) return FindElementByElement(weights, sums, ends, threshold);
        var blocks = (weights.Length + Block - 1) / Block;
        var limit = Vector512.Create(threshold);
        Span<float> padded = stackalloc float[Block];
        for (var group = 0; group < blocks; group += Block)
            if (InGroup(weights, sums, ends, group, limit, padded) is var k and >= 0) return k;
        return LastPositive(weights);
    }

    /// <summary>The category drawn in the group of 16 blocks from <paramref name="group"/> on, or −1 when no block of it passes the threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int InGroup(ReadOnlySpan<float> weights, ReadOnlySpan<float> sums, ReadOnlySpan<float> ends, int group, Vector512<float> limit, Span<float> padded)
    {
        var b = FirstPassed(Vector512.Create(ends.Slice(group)), Vector512.Create(sums.Slice(group)), limit);
        return b < 0 ? -1 : InBlock(weights, group + b, group + b > 0 ? ends[group + b - 1] : 0f, limit, padded);
    }

    /// <summary>The first of 16 blocks whose end passes the threshold and whose sum is positive, or −1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int FirstPassed(Vector512<float> ends, Vector512<float> sums, Vector512<float> limit)
    {
        var passed = Vector512.GreaterThan(ends, limit) & Vector512.GreaterThan(sums, Vector512<float>.Zero);
        return passed == Vector512<float>.Zero ? -1 : BitOperations.TrailingZeroCount(passed.ExtractMostSignificantBits());
    }

    /// <summary>
    /// The category in block <paramref name="b"/>: the first whose running sum (<paramref name="start"/>, the end before
    /// the block, plus the block's own scan) passes the threshold and whose weight is positive, else the block's last
    /// positive weight. A short last block is read through <paramref name="padded"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int InBlock(ReadOnlySpan<float> weights, int b, float start, Vector512<float> limit, Span<float> padded)
    {
        var first = b * Block;
        var block = Vector512.Create(weights.Length - first >= Block ? weights.Slice(first) : Padded(weights.Slice(first), padded));
        var running = LaneScans.InclusiveSum(block) + Vector512.Create(start);
        var found = Vector512.GreaterThan(running, limit) & Vector512.GreaterThan(block, Vector512<float>.Zero);
        return found == Vector512<float>.Zero
            ? first + LastPositive(weights.Slice(first, Math.Min(Block, weights.Length - first)))
            : first + BitOperations.TrailingZeroCount(found.ExtractMostSignificantBits());
    }

    /// <summary><see cref="Find"/> element by element: the definition, and the form for processors without AVX-512.</summary>
    internal static int FindElementByElement(ReadOnlySpan<float> weights, ReadOnlySpan<float> sums, ReadOnlySpan<float> ends, float threshold)
    {
        var blocks = (weights.Length + Block - 1) / Block;
        Span<float> running = stackalloc float[Block];
        for (var b = 0; b < blocks; b++)
        {
            if (!(ends[b] > threshold && sums[b] > 0)) continue;
            var first = b * Block;
            Padded(weights.Slice(first), running);
            LaneScans.ElementByElement(running);
            var start = b > 0 ? ends[b - 1] : 0f;
            var length = Math.Min(Block, weights.Length - first);
            for (var j = 0; j < length; j++)
                if (start + running[j] > threshold && weights[first + j] > 0) return first + j;
            return first + LastPositive(weights.Slice(first, length));
        }
        return LastPositive(weights);
    }

    /// <summary>A block's weights from the start of <paramref name="weights"/> into <paramref name="lanes"/>, +0 past their end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Span<float> Padded(ReadOnlySpan<float> weights, Span<float> lanes)
    {
        if (weights.Length >= Block) weights[..Block].CopyTo(lanes);
        else
        {
            lanes.Clear();
            weights.CopyTo(lanes);
        }
        return lanes;
    }

    /// <summary>The last index of a positive weight (there is one: the largest logit's weight is 1).</summary>
    private static int LastPositive(ReadOnlySpan<float> weights)
    {
        var k = weights.Length - 1;
        while (k > 0 && !(weights[k] > 0)) k--;
        return k;
    }
}
