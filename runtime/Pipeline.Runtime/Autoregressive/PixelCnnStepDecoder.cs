using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Rules = Pipeline.Runtime.Packages.AutoregressiveManifestRules;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// PixelCNN's fast loop (after Ramachandran et al. 2017): a zero-padded cache of every masked convolution's input,
/// kept channel-last. Each step copies the causal part of the pixel's k×k neighbourhood out of each cache into the step
/// network's "patches", runs one pixel through every layer, and writes the drawn value and the returned "centres" into
/// the caches at that pixel. Raster order.
/// </summary>
/// <remarks>
/// Only the neighbourhood's causal part can be non-zero: the p = k/2 rows above the pixel, and the p pixels left of it
/// in its row. The pixel and what follows it are not drawn or computed yet (the step network adds the pixel's own value
/// itself). So:
/// - a cache holds only the rows a neighbourhood reads: a ring of p + 1 padded rows [N, p + 1, W + 2p, C], padded row ρ
///   in slot ρ mod (p + 1). A row takes the slot of the row p + 1 above, whose values are overwritten before they are
///   read: the pixel's row is read only left of the pixel, which this row has written. The padding columns are never
///   written, so they stay zero. At batch 64 the rings of the shipped 32-channel PixelCNN take 2.98 MB, where
///   whole-image caches took 44.5 MB, and they stay in the processor's caches;
/// - <see cref="IncrementalDecoding.CausalPixelCnn"/> patches hold the causal entries in the caches' own order, so a
///   layer's part is p runs of k·C floats (the rows above) and one of p·C (the pixels left): contiguous copies;
/// - <see cref="IncrementalDecoding.PixelCnn"/> patches (packages exported before it) are channel-first [C, k, k] with
///   the entries from the pixel on never written, so they stay zero: each neighbour's C contiguous values go to their C
///   planes, k·k floats apart.
/// Channel-last, a pixel's centres are one contiguous write per layer.
/// </remarks>
internal sealed class PixelCnnStepDecoder : PositionDecoder
{
    private readonly BoundNetwork network;
    private readonly CachedLayerSpec[] layers;
    private readonly float[][] rings;       // per layer: [N, p + 1, W + 2p, C]
    private readonly int width, patchSize, centreSize;
    private readonly bool oneHot, causal;

    public PixelCnnStepDecoder(OnnxSession session, AutoregressiveSpec spec, int classes, int batchSize, float[] values)
        : base(batchSize, spec.Positions, spec.Categories, Enumerable.Range(0, spec.Positions).ToArray(), values)
    {
        width = (int)spec.GridShape[2];
        layers = spec.CachedLayers!.ToArray();
        rings = layers.Select(l => new float[batchSize * (l.Kernel / 2 + 1) * RowLength(l)]).ToArray();
        causal = spec.Incremental == IncrementalDecoding.CausalPixelCnn;
        patchSize = layers.Sum(l => l.PatchSize(spec.Incremental));
        centreSize = layers.Skip(1).Sum(l => l.Channels);
        oneHot = spec.OneHotInput;
        var inputs = new List<(string, long[], float[]?)> { (Rules.Patches, [batchSize, patchSize], null) };
        if (classes > 0) inputs.Add((Rules.Label, [batchSize, classes], null));
        network = new BoundNetwork(session, inputs, [(Rules.Logits, [batchSize, spec.Categories]), (Rules.Centres, [batchSize, centreSize])]);
    }

    public override void Reset(ReadOnlySpan<int> labels)
    {
        foreach (var ring in rings) Array.Clear(ring);
        WriteOneHot(network.Find(Rules.Label), labels);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ReadOnlySpan<float> Logits(int step)
    {
        var (row, column) = (step / width, step % width);
        var patches = network[Rules.Patches].AsSpan();
        if (causal) CopyCausal(patches, row, column);
        else
        {
            var offset = 0;
            for (var n = 0; n < BatchSize; n++)
                for (var l = 0; l < layers.Length; l++)
                {
                    var (channels, k, rowLength) = (layers[l].Channels, layers[l].Kernel, RowLength(layers[l]));
                    var rows = k / 2 + 1;
                    // Padded rows row..row+p, columns column..column+k−1 of item n's ring.
                    var ring = rings[l].AsSpan(n * rows * rowLength, rows * rowLength);
                    offset += CopyChannelFirst(ring, patches[offset..], row, column, channels, k, rowLength);
                }
        }
        network.Run();
        return network[Rules.Logits];
    }

    /// <summary>
    /// Every item's causal entries channel-last, [r, j, c]: for each layer, the p rows above as k·C floats each, then the p
    /// pixels left as p·C. Run by run, each for the whole batch, so a run's place in the ring is computed once per position.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void CopyCausal(Span<float> patches, int row, int column)
    {
        var layerStart = 0;
        for (var l = 0; l < layers.Length; l++)
        {
            var (channels, k, rowLength) = (layers[l].Channels, layers[l].Kernel, RowLength(layers[l]));
            var (p, ring, written) = (k / 2, rings[l], 0);
            var itemRing = (p + 1) * rowLength;
            for (var r = 0; r <= p; r++)
            {
                // Padded row row + r (its slot in the ring), columns column..column+k−1, or the p pixels left of the pixel.
                var (run, source) = ((r < p ? k : p) * channels, (row + r) % (p + 1) * rowLength + column * channels);
                for (var n = 0; n < BatchSize; n++)
                    Copy(ring.AsSpan(n * itemRing + source, run), patches.Slice(n * patchSize + layerStart + written, run));
                written += run;
            }
            layerStart += written;
        }
    }

    /// <summary>The causal entries into the channel-first [c, r, j] patch: each neighbour's C values go C planes apart; returns C·k·k.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int CopyChannelFirst(ReadOnlySpan<float> ring, Span<float> patch, int row, int column, int channels, int k, int rowLength)
    {
        var rows = k / 2 + 1;
        ref var target = ref MemoryMarshal.GetReference(patch);
        ref var origin = ref MemoryMarshal.GetReference(ring);
        for (var r = 0; r < rows; r++)
            for (var j = 0; j < (r < rows - 1 ? k : k / 2); j++)
            {
                // One neighbour's C values, contiguous in the ring, go C planes apart: k·k floats.
                var (source, first, plane) = ((row + r) % rows * rowLength + (column + j) * channels, r * k + j, k * k);
                for (var c = 0; c < channels; c++) Unsafe.Add(ref target, first + c * plane) = Unsafe.Add(ref origin, source + c);
            }
        return channels * k * k;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Commit(int step, ReadOnlySpan<int> drawn)
    {
        var (row, column) = (step / width, step % width);
        var centres = network[Rules.Centres].AsSpan();
        var offset = 0;         // layer l's centres in an item's [Σ C] of them
        for (var l = 0; l < layers.Length; l++)
        {
            var (channels, p, rowLength) = (layers[l].Channels, layers[l].Kernel / 2, RowLength(layers[l]));
            // The pixel is padded row row + p (slot (row + p) mod (p + 1)), padded column column + p: the same place in
            // every item's ring, once per layer.
            var at = (row + p) % (p + 1) * rowLength + (column + p) * channels;
            var ring = rings[l].AsSpan();
            for (var n = 0; n < BatchSize; n++)
            {
                var pixel = ring.Slice(n * (p + 1) * rowLength + at, channels);
                if (l > 0) Copy(centres.Slice(n * centreSize + offset, channels), pixel);
                // Layer 0 caches the grid itself: the drawn value, or 1 in the value's channel of a one-hot grid.
                else if (oneHot) MoveOneHot(pixel, n, step, p + 1, width, drawn[n]);
                else pixel[0] = drawn[n];
            }
            if (l > 0) offset += channels;
        }
    }

    /// <summary>
    /// source into the start of target (distinct buffers), a vector at a time, inline: the runs are a few hundred bytes, a
    /// thousand a batch-64 position, and a call to memmove each cost about as much as the copy (a hot copy of the patches
    /// took 11 µs).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(ReadOnlySpan<float> source, Span<float> target)
    {
        target = target[..source.Length];          // the unchecked stores below stay within it
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(target);
        var i = 0;
        for (; i <= source.Length - Vector<float>.Count; i += Vector<float>.Count)
            Vector.StoreUnsafe(Vector.LoadUnsafe(ref from, (nuint)i), ref to, (nuint)i);
        for (; i < source.Length; i++) Unsafe.Add(ref to, i) = Unsafe.Add(ref from, i);
    }

    /// <summary>The floats of one padded row of a layer's cache: (W + k − 1)·C.</summary>
    private int RowLength(CachedLayerSpec layer) => (width + layer.Kernel - 1) * layer.Channels;

    public override void Dispose() => network.Dispose();
}
