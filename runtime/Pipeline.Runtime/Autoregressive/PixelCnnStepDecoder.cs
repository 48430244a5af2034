using System.Runtime.CompilerServices;
using Microsoft.ML.OnnxRuntime;
using Pipeline.Runtime.Packages;
using Pipeline.Runtime.Sessions;
using Rules = Pipeline.Runtime.Packages.AutoregressiveManifestRules;

namespace Pipeline.Runtime.Autoregressive;

/// <summary>
/// PixelCNN's fast loop (after Ramachandran et al. 2017): a zero-padded cache of every masked convolution's input,
/// kept channel-last [N, H + k − 1, W + k − 1, C]. Each step copies the k×k neighbourhood of the pixel out of each cache
/// into the step network's "patches", which it reads channel-first [C, k, k] (entries at and after the pixel are still
/// zero), runs one pixel through every layer, and writes the drawn value and the returned "centres" into the caches at
/// that pixel. Raster order.
/// </summary>
/// <remarks>
/// Channel-last, a neighbourhood is k runs of k·C neighbouring floats instead of C·k runs of k floats spread over C
/// planes: a batch's caches (tens of MB) do not fit in the processor's caches, so the runs, not the values, cost the time.
/// </remarks>
internal sealed class PixelCnnStepDecoder : PositionDecoder
{
    private readonly BoundNetwork network;
    private readonly CachedLayerSpec[] layers;
    private readonly float[][] caches;      // per layer: [N, H + 2p, W + 2p, C]
    private readonly int height, width, patchSize, centreSize;
    private readonly bool oneHot;

    public PixelCnnStepDecoder(OnnxSession session, AutoregressiveSpec spec, int classes, int batchSize, float[] values)
        : base(batchSize, spec.Positions, spec.Categories, Enumerable.Range(0, spec.Positions).ToArray(), values)
    {
        (height, width) = ((int)spec.GridShape[1], (int)spec.GridShape[2]);
        layers = spec.CachedLayers!.ToArray();
        caches = layers.Select(l => new float[batchSize * l.Channels * (height + l.Kernel - 1) * (width + l.Kernel - 1)]).ToArray();
        patchSize = layers.Sum(l => l.Channels * l.Kernel * l.Kernel);
        centreSize = layers.Skip(1).Sum(l => l.Channels);
        oneHot = spec.OneHotInput;
        var inputs = new List<(string, long[], float[]?)> { (Rules.Patches, [batchSize, patchSize], null) };
        if (classes > 0) inputs.Add((Rules.Label, [batchSize, classes], null));
        network = new BoundNetwork(session, inputs, [(Rules.Logits, [batchSize, spec.Categories]), (Rules.Centres, [batchSize, centreSize])]);
    }

    public override void Reset(ReadOnlySpan<int> labels)
    {
        foreach (var cache in caches) Array.Clear(cache);
        WriteOneHot(network.Find(Rules.Label), labels);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override ReadOnlySpan<float> Logits(int step)
    {
        var (row, column) = (step / width, step % width);
        var patches = network[Rules.Patches].AsSpan();
        var offset = 0;
        for (var n = 0; n < BatchSize; n++)
        {
            for (var l = 0; l < layers.Length; l++)
            {
                var (channels, k) = (layers[l].Channels, layers[l].Kernel);
                var (paddedHeight, paddedWidth) = (height + k - 1, width + k - 1);
                var cache = caches[l].AsSpan();
                // The padded cache's rows row..row+k−1 and columns column..column+k−1 are the pixel's neighbourhood:
                // k runs of k·C values, [j, c] each, written to the patch's [c, r, j].
                var patch = patches.Slice(offset, channels * k * k);
                for (var r = 0; r < k; r++)
                {
                    var run = cache.Slice(((n * paddedHeight + row + r) * paddedWidth + column) * channels, k * channels);
                    for (var j = 0; j < k; j++)
                        for (var c = 0; c < channels; c++) patch[(c * k + r) * k + j] = run[j * channels + c];
                }
                offset += patch.Length;
            }
        }
        network.Run();
        return network[Rules.Logits];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public override void Commit(int step, ReadOnlySpan<int> drawn)
    {
        var (row, column) = (step / width, step % width);
        var centres = network[Rules.Centres];
        for (var n = 0; n < BatchSize; n++)
        {
            var offset = n * centreSize;
            for (var l = 0; l < layers.Length; l++)
            {
                var (channels, k) = (layers[l].Channels, layers[l].Kernel);
                var (paddedHeight, paddedWidth, pad) = (height + k - 1, width + k - 1, k / 2);
                long At(int c) => (((long)n * paddedHeight + row + pad) * paddedWidth + column + pad) * channels + c;
                if (l > 0)
                {
                    for (var c = 0; c < channels; c++) caches[l][At(c)] = centres[offset++];
                    continue;
                }
                // Layer 0 caches the grid itself: the drawn value, or 1 in the value's channel of a one-hot grid.
                var value = drawn[n];
                if (oneHot) caches[0][At(value)] = 1;
                else caches[0][At(0)] = value;
            }
        }
    }

    public override void Dispose() => network.Dispose();
}
